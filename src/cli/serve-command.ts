// `yardstick serve`: the OpenAI-compatible gateway, with keys, budgets, fallbacks and a trace of every call.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createGateway } from '../gateway/gateway.js';
import { loadGatewayConfig, parseSecretsFile } from '../gateway/load-gateway-config.js';
import { startGatewayServer } from '../gateway/server.js';
import { describeLoss, describeStop } from '../gateway/shutdown-report.js';
import { loadPriceOverrides } from '../pricing/effective-price-table.js';
import { retiredNotices } from '../pricing/retired-notice.js';
import { YardstickError } from '../spec/errors.js';
import { ExitCode } from './exit-codes.js';
import { parseArguments, parseCount } from './parse-arguments.js';
import { projectDir } from './paths.js';
import { onInterrupt } from './signals.js';
import { chooseStore, openChosenStore, storeHelp, storeOptions } from './store-location.js';

const help = `usage: yardstick serve [--config gateway.yaml] [--port 4141] [--host 127.0.0.1] [--store URL]

Serves POST /v1/chat/completions, POST /v1/responses, POST /v1/embeddings and GET /v1/models in the OpenAI wire format and
POST /v1/messages in Anthropic's, plus /healthz, /readyz and /metrics. Every request needs a key from \`yardstick keys create\`. SIGTERM or Ctrl-C stops accepting,
finishes the requests in flight (up to server.drainTimeoutMs) and writes every trace, then exits 0; a
second signal exits at once (130), saying what it lost. See docs/gateway.md.

  ${storeHelp}; gateway.yaml's store: comes before YARDSTICK_STORE`;

export const serveCommand = async (argv: string[]): Promise<number> => {
  const { values, positionals } = parseArguments(
    argv,
    {
      config: { type: 'string', short: 'c' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      ...storeOptions,
      help: { type: 'boolean', short: 'h' },
    },
    'serve',
  );
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return ExitCode.ok;
  }
  if (positionals.length > 0)
    throw new YardstickError(
      'E_CONFIG',
      `serve takes no arguments, got ${positionals.join(' ')}; use --config`,
    );
  const loaded = await loadGatewayConfig(values.config);
  // read once here, never on a request: prices from `yardstick prices update` come before the bundled table
  loadPriceOverrides(path.join(projectDir(), 'prices.json'));
  const targets = [...loaded.routes.values()].flatMap((route) =>
    route.targets.map((target) => target.config),
  );
  for (const notice of retiredNotices(targets)) process.stderr.write(`warning: ${notice}\n`);
  const port = values.port === undefined ? loaded.config.server.port : parseCount(values.port, '--port', 0);
  const host = values.host ?? loaded.config.server.host;
  let env: Record<string, string | undefined> = process.env;
  if (loaded.config.secretsFile) {
    let content: string;
    try {
      content = readFileSync(loaded.config.secretsFile, 'utf8');
    } catch {
      throw new YardstickError(
        'E_GATEWAY_CONFIG',
        `cannot read the secrets file ${loaded.config.secretsFile}`,
      );
    }
    // the environment wins over the file
    env = { ...parseSecretsFile(content, loaded.config.secretsFile), ...process.env };
  }
  const choice = chooseStore(values, { store: loaded.config.store, file: loaded.file });
  // memory-mapped, as the trace thread's: the gateway reads a key and a budget on many requests
  const stores = await openChosenStore(choice, { memoryMapped: true });
  // keys, budgets and qualification records are read here; traces are written by a thread with its own connection
  const gateway = createGateway({
    loaded,
    store: stores.gateway,
    env,
    traceThread: {
      storeLocation: choice.location,
      spoolDir: loaded.config.tracing.spoolDir ?? path.join(projectDir(), 'trace-spool'),
    },
    qualifications: stores.qualifications,
  });
  // shared limits: give Redis a moment to connect before the first request (it is logged either way)
  await gateway.ready(2_000);
  // signals are handled before the gateway says it listens: a supervisor may stop it right after that line
  let stopRequested = (): void => {};
  const stopping = new Promise<void>((resolve) => {
    stopRequested = resolve;
  });
  const stopListening = onInterrupt(
    () => {
      process.stderr.write(
        `stopping: finishing requests in flight (up to ${loaded.config.server.drainTimeoutMs} ms) and writing traces; a second signal exits at once\n`,
      );
      stopRequested();
    },
    () => process.stderr.write(`${describeLoss(gateway.metrics())}\n`),
  );
  let server: Awaited<ReturnType<typeof startGatewayServer>>;
  try {
    server = await startGatewayServer(gateway, host, port ?? 4141);
  } catch (error) {
    stopListening();
    await gateway.drain();
    await stores.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new YardstickError('E_CONFIG', `cannot listen on ${host}:${port}: ${reason}`);
  }
  const routes = [...loaded.routes.keys()];
  process.stderr.write(
    `yardstick gateway on ${server.url}/v1 with ${routes.length} route(s)${routes.length > 0 ? `: ${routes.join(', ')}` : ''}` +
      `${loaded.config.allowDirect ? '; provider:model allowed' : ''}\n`,
  );
  await stopping;
  const outcome = await server.close();
  stopListening();
  const { traces } = gateway.metrics();
  await stores.close();
  process.stderr.write(`${describeStop(traces, outcome, loaded.config.server.drainTimeoutMs)}\n`);
  return outcome.cutOff > 0 || outcome.unfinished > 0 ? ExitCode.aborted : ExitCode.ok;
};
