// The gateway in front of an upstream that echoes the gateway's own provider key: nothing of it reaches a client,
// a trace, a log or the store (issue 8 row 2).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStores } from '../store/sqlite/open-sqlite.js';
import { collect } from '../testing/collect.js';
import { type FakeScript, startFakeServer } from '../testing/fake-server.js';
import { createApiKey } from './api-keys.js';
import { createGateway } from './gateway.js';
import { loadGatewayConfig } from './load-gateway-config.js';
import { startGatewayServer } from './server.js';

const providerKey = 'sk-proj-Rq7Lm2Xv9Tb4Nc8Wz1Hy6Kd3Fs5Gj0PaUe4Io7YtQw';

const opened: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of opened.splice(0).reverse()) await close();
});

/** Every run of 8 characters of the provider key that `text` shows. */
const keyFragmentsIn = (text: string): string[] => {
  const found: string[] = [];
  for (let at = 0; at + 8 <= providerKey.length; at++) {
    if (text.includes(providerKey.slice(at, at + 8))) found.push(providerKey.slice(at, at + 8));
  }
  return found;
};

const startGateway = async (script: FakeScript) => {
  const up = await startFakeServer(script);
  opened.push(() => up.close());
  const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-redaction-'));
  const configPath = path.join(dir, 'gateway.yaml');
  writeFileSync(
    configPath,
    `providers:\n  up: { type: openai, baseUrl: ${up.url}/v1, apiKeyEnv: UP_KEY }\n` +
      'routes:\n  chat:\n    capture: true\n    targets:\n      - { model: up:gpt-4o-mini }\n',
  );
  const dbPath = path.join(dir, 'yardstick.db');
  const store = openSqliteStores(dbPath).gateway;
  const { key } = await createApiKey(store, { name: 'team-a' });
  const logs: string[] = [];
  const gateway = createGateway({
    loaded: await loadGatewayConfig(configPath),
    store,
    env: { UP_KEY: providerKey },
    log: (line) => logs.push(line),
  });
  const server = await startGatewayServer(gateway, '127.0.0.1', 0);
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await server.close();
    await store.close();
  };
  opened.push(close);
  const ask = (stream: boolean) =>
    fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat', stream, messages: [{ role: 'user', content: 'hi' }] }),
    });
  /** Closes the gateway (writing its traces) and returns the store's bytes and the logs as one text. */
  const everythingKept = async (): Promise<string> => {
    const traces = JSON.stringify(await collect(store.traces({})));
    await close();
    const files = [dbPath, `${dbPath}-wal`].filter((file) => existsSync(file));
    return [traces, ...files.map((file) => readFileSync(file, 'latin1')), ...logs].join('\n');
  };
  return { ask, everythingKept };
};

describe('the gateway and an upstream that echoes its key', () => {
  it('answers 503 to a text/plain 401 with the key after 250 characters, and keeps no part of the key', async () => {
    const gateway = await startGateway({
      status: 401,
      raw: `${'E'.repeat(250)} key=${providerKey}`,
      contentType: 'text/plain',
    });
    const response = await gateway.ask(false);
    expect(response.status).toBe(503);
    const body = await response.text();
    expect(body).toContain('key=[redacted]');
    expect(keyFragmentsIn(body)).toEqual([]);
    const kept = await gateway.everythingKept();
    expect(kept).toContain('E_HTTP_AUTH');
    expect(keyFragmentsIn(kept)).toEqual([]);
  });

  it('keeps no part of a key that an error event echoes in the middle of a stream', async () => {
    const gateway = await startGateway({
      sse: [
        `data: ${JSON.stringify({ error: { message: `Incorrect API key provided: ${providerKey.slice(0, 30)}…`, type: 'invalid_request_error' } })}\n\n`,
      ],
    });
    const response = await gateway.ask(true);
    const body = await response.text();
    expect(body).toContain('[redacted]');
    expect(keyFragmentsIn(body)).toEqual([]);
    expect(keyFragmentsIn(await gateway.everythingKept())).toEqual([]);
  });
});
