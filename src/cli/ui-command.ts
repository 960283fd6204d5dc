// `yardstick ui`: the web UI over the store (runs, comparisons, traces, spend), on 127.0.0.1 unless told otherwise.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadGatewayConfig } from '../gateway/load-gateway-config.js';
import { loadPriceOverrides } from '../pricing/effective-price-table.js';
import { YardstickError } from '../spec/errors.js';
import { parseStoreLocation } from '../store/open-stores.js';
import { loadStaticAssets } from '../ui/server/static-assets.js';
import { requiredToken } from '../ui/server/ui-access.js';
import { openUiData } from '../ui/server/ui-data.js';
import { createUiHandler, startUiServer } from '../ui/server/ui-server.js';
import { ExitCode } from './exit-codes.js';
import { parseArguments, parseCount } from './parse-arguments.js';
import { projectDir } from './paths.js';
import { routeBasis } from './route-basis.js';
import { onInterrupt } from './signals.js';
import { chooseStore, openChosenStore, storeHelp, storeOptions } from './store-location.js';

const help = `usage: yardstick ui [--store URL] [--port 4242] [--host 127.0.0.1] [--token T]
                   [--config gateway.yaml] [--capture-dir tests/]

Serves the web UI over the store: runs with their frontier and case matrix, comparisons with the gate,
gateway traces and spend against budgets, routes with their qualification records, monitors with drift.
With --config the Routes page lists every route of the gateway config and says which records are stale;
without it, the routes that have a qualification record. It only reads, but for one action: a trace's
"capture as regression case" appends it to a .jsonl test file under --capture-dir (else under the folder of
the route's qualify suite), as \`yardstick capture\` does. It listens on 127.0.0.1; any other --host needs
--token (or YARDSTICK_UI_TOKEN, at least 16 characters), required on every API request: open the UI once
as http://<host>:<port>/?token=<token>. The JSON API is documented in docs/ui.md.

  ${storeHelp}`;

export const uiCommand = async (argv: string[]): Promise<number> => {
  const { values, positionals } = parseArguments(
    argv,
    {
      ...storeOptions,
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      token: { type: 'string' },
      config: { type: 'string', short: 'c' },
      'capture-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    'ui',
  );
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return ExitCode.ok;
  }
  if (positionals.length > 0) {
    throw new YardstickError('E_CONFIG', `ui takes options only, got ${positionals.join(' ')}`);
  }
  const host = values.host ?? '127.0.0.1';
  const port = parseCount(values.port, '--port', 0) ?? 4242;
  if (port > 65_535) throw new YardstickError('E_CONFIG', `--port takes 0 to 65535, got ${port}`);
  const token = requiredToken(host, values.token ?? process.env.YARDSTICK_UI_TOKEN);
  const gateway = values.config === undefined ? undefined : await loadGatewayConfig(values.config);
  if (gateway) loadPriceOverrides(path.join(projectDir(), 'prices.json'));
  const captureDir = values['capture-dir'] === undefined ? undefined : path.resolve(values['capture-dir']);
  if (captureDir !== undefined && !statSync(captureDir, { throwIfNoEntry: false })?.isDirectory())
    throw new YardstickError(
      'E_CONFIG',
      `--capture-dir ${values['capture-dir']}: no such folder; create it first`,
    );
  const choice = chooseStore(values, { store: gateway?.config.store, file: gateway?.file });
  const parsed = parseStoreLocation(choice.location);
  // the UI only reads: a mistyped path should be said, not answered with a new, empty store
  if (parsed.engine === 'sqlite' && parsed.path !== ':memory:' && !existsSync(parsed.path)) {
    throw new YardstickError(
      'E_CONFIG',
      `no store at ${parsed.path}: \`yardstick eval\` and \`yardstick serve\` create it; or name another with --store`,
    );
  }
  const assets = loadStaticAssets();
  const data = openUiData(await openChosenStore(choice));
  const context = {
    gateway,
    basisOf: async (route: Parameters<typeof routeBasis>[0]) => (await routeBasis(route)).basis,
    captureDir,
  };
  const handle = createUiHandler({
    data,
    token,
    assets,
    context,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  let server: Awaited<ReturnType<typeof startUiServer>>;
  try {
    server = await startUiServer(handle, host, port);
  } catch (error) {
    await data.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new YardstickError('E_CONFIG', `cannot listen on ${host}:${port}: ${reason}`);
  }
  let stop = (): void => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const stopListening = onInterrupt(stop, () => {});
  // the token is the user's own secret: it is never printed, only how to use it
  process.stderr.write(
    `yardstick ui on ${server.url}/${token === undefined ? '' : ' (open it once as /?token=<your token>)'}; Ctrl-C stops it\n`,
  );
  await stopped;
  stopListening();
  await server.close();
  await data.close();
  return ExitCode.ok;
};
