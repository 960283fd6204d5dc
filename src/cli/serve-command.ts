// `yardstick serve`: the OpenAI-compatible gateway, with keys, budgets, fallbacks and a trace of every call.
import { readFileSync } from 'node:fs';
import { createGateway } from '../gateway/gateway.js';
import { loadGatewayConfig, parseSecretsFile } from '../gateway/load-gateway-config.js';
import { startGatewayServer } from '../gateway/server.js';
import { YardstickError } from '../spec/errors.js';
import { openGatewayStore } from '../store/open-store.js';
import { ExitCode } from './exit-codes.js';
import { parseArguments, parseCount } from './parse-arguments.js';
import { defaultDbPath } from './paths.js';

const help = `usage: yardstick serve [--config gateway.yaml] [--port 4141] [--host 127.0.0.1] [--db path]

Serves POST /v1/chat/completions and GET /v1/models in the OpenAI wire format, plus /healthz, /readyz
and /metrics. Every request needs a key from \`yardstick keys create\`. SIGTERM or Ctrl-C stops accepting,
finishes the requests in flight and writes every trace before exiting. See docs/gateway.md.`;

export const serveCommand = async (argv: string[]): Promise<number> => {
  const { values, positionals } = parseArguments(
    argv,
    {
      config: { type: 'string', short: 'c' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      db: { type: 'string' },
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
  const port = values.port === undefined ? loaded.config.server.port : parseCount(values.port, '--port', 0);
  const host = values.host ?? loaded.config.server.host;
  let env: Record<string, string | undefined> = process.env;
  if (loaded.config.secretsFile) {
    let content: string;
    try {
      content = readFileSync(loaded.config.secretsFile, 'utf8');
    } catch {
      throw new YardstickError('E_CONFIG', `cannot read the secrets file ${loaded.config.secretsFile}`);
    }
    // the environment wins over the file
    env = { ...parseSecretsFile(content, loaded.config.secretsFile), ...process.env };
  }
  const dbPath = values.db ?? loaded.config.database ?? defaultDbPath();
  const store = openGatewayStore(dbPath);
  const gateway = createGateway({ loaded, store, env, traceThread: { dbPath } });
  let server: Awaited<ReturnType<typeof startGatewayServer>>;
  try {
    server = await startGatewayServer(gateway, host, port ?? 4141);
  } catch (error) {
    store.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new YardstickError('E_CONFIG', `cannot listen on ${host}:${port}: ${reason}`);
  }
  const routes = [...loaded.routes.keys()];
  process.stderr.write(
    `yardstick gateway on ${server.url}/v1 with ${routes.length} route(s)${routes.length > 0 ? `: ${routes.join(', ')}` : ''}` +
      `${loaded.config.allowDirect ? '; provider:model allowed' : ''}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.stderr.write('stopping: finishing requests in flight and writing traces\n');
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  const { traces } = gateway.metrics();
  store.close();
  process.stderr.write(
    `stopped; ${traces.written} trace(s) written${traces.dropped > 0 ? `, ${traces.dropped} dropped` : ''}\n`,
  );
  return ExitCode.ok;
};
