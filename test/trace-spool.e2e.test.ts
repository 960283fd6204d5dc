// End to end: `yardstick serve` on a PostgreSQL store that goes away mid-traffic. The store is reached through a
// TCP proxy the test cuts (every connection dropped, new ones refused) and restores. The gateway keeps serving
// the keys it knows, keeps the traces in its spool while the database is down, says so once in its log and in
// /metrics, and writes every one of them, in order, when the database is back: no trace is lost or written twice.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/gateway/api-keys.js';
import { openStores } from '../src/store/open-stores.js';
import { type FakeServer, openaiChatCompletion, startFakeServer } from '../src/testing/fake-server.js';
import { createTestDatabase, probePostgres, type TestDatabase } from '../src/testing/postgres-database.js';
import { startTcpProxy, type TcpProxy } from '../src/testing/tcp-proxy.js';
import { makeProject } from './helpers/run-cli.js';
import { startServe } from './helpers/serve-gateway.js';

const postgres = await probePostgres();

const waitFor = async (
  what: string,
  condition: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const ask = async (url: string, key: string, n: number): Promise<number> => {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: `question ${n}` }] }),
  });
  await response.arrayBuffer();
  return response.status;
};

/** `count` requests, 16 at a time, as a busy client pool sends them; their statuses. */
const burst = async (url: string, key: string, from: number, count: number): Promise<number[]> => {
  const statuses: number[] = [];
  for (let start = from; start < from + count; start += 16) {
    const size = Math.min(16, from + count - start);
    statuses.push(...(await Promise.all(Array.from({ length: size }, (_, i) => ask(url, key, start + i)))));
  }
  return statuses;
};

const metric = async (url: string, name: string): Promise<number> => {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
};

const countTraces = async (url: string, distinct = false): Promise<number> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ count: string }>(
      `SELECT COUNT(${distinct ? 'DISTINCT id' : '*'}) AS count FROM traces`,
    );
    return Number(result.rows[0]?.count ?? 0);
  } finally {
    await client.end();
  }
};

const gatewayYaml = (storeUrl: string, upstream: string) => `store: ${storeUrl}
tracing: { spoolDir: spool }
providers:
  up: { type: openai, baseUrl: ${upstream}/v1, apiKeyEnv: UP_KEY }
routes:
  chat:
    targets: [ { model: up:gpt-4o-mini, price: { input: 1, output: 2 } } ]
`;

describe.skipIf(!postgres.reachable)('traces through a PostgreSQL outage', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let upstream: FakeServer;
  beforeAll(async () => {
    database = await createTestDatabase();
    const target = new URL(database.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    upstream = await startFakeServer(() => ({
      status: 200,
      json: openaiChatCompletion({ content: 'ok', usage: { prompt_tokens: 10, completion_tokens: 2 } }),
    }));
  });
  afterAll(async () => {
    await upstream?.close();
    await proxy?.close();
    await database?.drop();
  });

  it('keeps serving, spools the traces while the database is down, and writes every one once it is back', async () => {
    const viaProxy = new URL(database.url);
    viaProxy.port = String(proxy.port);
    const storeUrl = viaProxy.toString();
    const cwd = makeProject({ 'gateway.yaml': gatewayYaml(storeUrl, upstream.url) });
    const stores = await openStores(storeUrl);
    const { key } = await createApiKey(stores.gateway, { name: 'app' });
    await stores.close();

    const gateway = await startServe(cwd, { UP_KEY: 'sk-up' });
    const { url } = gateway;
    try {
      expect(await burst(url, key, 0, 64)).toEqual(Array(64).fill(200));
      await waitFor('the first traces in the store', async () => (await countTraces(database.url)) === 64);

      // the database goes away: the gateway still answers the key it knows, and keeps the traces
      await proxy.cut();
      expect(await burst(url, key, 64, 200)).toEqual(Array(200).fill(200));
      await waitFor(
        'the spool to hold the outage traces',
        async () => (await metric(url, 'yardstick_gateway_trace_spool_traces')) === 200,
      );
      expect(await metric(url, 'yardstick_gateway_traces_dropped_total')).toBe(0);
      expect(await metric(url, 'yardstick_gateway_trace_spool_bytes')).toBeGreaterThan(0);
      expect(await metric(url, 'yardstick_gateway_key_store_up')).toBe(0);
      expect(readdirSync(path.join(cwd, 'spool')).length).toBeGreaterThan(0);
      expect(await countTraces(database.url)).toBe(64);
      expect(gateway.stderr().match(/keeping them in .*spool until the store is back/g)).toHaveLength(1);
      expect(gateway.stderr()).toContain('the key store cannot be read');
      // the URL's password never reaches the log (there is none here, but the host and port may)
      expect(gateway.stderr()).not.toContain('Error:');

      // it comes back: every spooled trace is written, then new traffic goes straight to the store
      await proxy.restore();
      await waitFor(
        'the spool to empty',
        async () => (await metric(url, 'yardstick_gateway_trace_spool_traces')) === 0,
      );
      expect(await burst(url, key, 264, 36)).toEqual(Array(36).fill(200));
      await waitFor('every trace in the store', async () => (await countTraces(database.url)) === 300);
      expect(gateway.stderr()).toContain('the store is back: every spooled trace is written');
      expect(await metric(url, 'yardstick_gateway_traces_written_total')).toBe(300);

      // each question's trace is there exactly once
      expect(await countTraces(database.url, true)).toBe(300);
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
    expect(readdirSync(path.join(cwd, 'spool'))).toEqual([]);
  }, 120_000);

  it('leaves the spool on disk when stopped during an outage, and the next gateway writes it', async () => {
    const viaProxy = new URL(database.url);
    viaProxy.port = String(proxy.port);
    const cwd = makeProject({ 'gateway.yaml': gatewayYaml(viaProxy.toString(), upstream.url) });
    const stores = await openStores(database.url);
    const { key } = await createApiKey(stores.gateway, { name: 'second' });
    await stores.close();
    const before = await countTraces(database.url);

    const first = await startServe(cwd, { UP_KEY: 'sk-up' });
    expect(await burst(first.url, key, 0, 8)).toEqual(Array(8).fill(200));
    await waitFor('the first traces', async () => (await countTraces(database.url)) === before + 8);
    await proxy.cut();
    expect(await burst(first.url, key, 8, 40)).toEqual(Array(40).fill(200));
    expect(await first.stop()).toBe(0);
    expect(first.stderr()).toMatch(
      /40 trace\(s\) wait in the spool .*spool; the next gateway with this spool folder writes them/,
    );
    expect(readdirSync(path.join(cwd, 'spool'))).toHaveLength(1);
    expect(await countTraces(database.url)).toBe(before + 8);

    await proxy.restore();
    const next = await startServe(cwd, { UP_KEY: 'sk-up' });
    try {
      await waitFor(
        'the left spool to be written',
        async () => (await countTraces(database.url)) === before + 48,
      );
      expect(next.stderr()).toContain('left by a gateway that stopped');
      expect(await countTraces(database.url, true)).toBe(before + 48);
    } finally {
      expect(await next.stop()).toBe(0);
    }
    expect(readdirSync(path.join(cwd, 'spool'))).toEqual([]);
  }, 120_000);
});
