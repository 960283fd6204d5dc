// Two gateway replicas (two gateways in this process, each with its own memory) sharing one Redis, as a client
// of a load balancer meets them: one rpm limit and one budget for both, an answer cached by one served by the
// other, and a Redis outage that refuses budgeted keys (fail closed), serves rate-limited ones (fail open), shows
// in /metrics and the log, and ends by itself when Redis is back.
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeServer,
  openaiChatCompletion,
  openaiChatStream,
  type RecordedRequest,
  startFakeServer,
} from '../testing/fake-server.js';
import { createApiKey, type NewKeyOptions, periodStart } from './api-keys.js';
import { createGateway } from './gateway.js';
import {
  type RedisProxy,
  randomPrefix,
  removePrefix,
  requireRedis,
  startRedisProxy,
  testRedisUrl,
} from './limits/test-redis.js';
import { loadGatewayConfig } from './load-gateway-config.js';
import { type RunningServer, startGatewayServer } from './server.js';
import { openaiProviders, startTestGateway, type TestGateway, testUpstreamSecret } from './test-gateway.js';

const redisUp = await requireRedis();

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Replicas {
  prefix: string;
  a: TestGateway;
  /** The second replica's URL and log; it shares the first one's store (the keys) and Redis. */
  b: { url: string; logs: string[]; server: RunningServer };
  up: FakeServer;
  urls: string[];
}

const replicasOver = async (
  yaml: (upstream: FakeServer) => string,
  answer: Parameters<typeof startFakeServer>[0],
  key?: NewKeyOptions,
): Promise<Replicas> => {
  const prefix = randomPrefix();
  cleanups.push(() => removePrefix(prefix));
  const up = await startFakeServer(answer);
  const config = yaml(up).replaceAll('PREFIX', prefix);
  const a = await startTestGateway(config, { upstreams: [up], ...(key ? { key } : {}) });
  cleanups.push(() => a.close());
  const loaded = await loadGatewayConfig(path.join(path.dirname(a.dbPath), 'gateway.yaml'));
  const logs: string[] = [];
  const gateway = createGateway({
    loaded,
    store: a.store,
    env: { UP_KEY: testUpstreamSecret },
    log: (line) => logs.push(line),
  });
  await gateway.ready(2_000);
  const server = await startGatewayServer(gateway, '127.0.0.1', 0);
  cleanups.push(async () => {
    await server.close();
  });
  return { prefix, a, b: { url: server.url, logs, server }, up, urls: [a.url, server.url] };
};

const chat = async (url: string, key: string, body: Record<string, unknown> = {}) => {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'Say hi.' }], ...body }),
  });
  const json = (await response.json()) as { error?: { code?: string; message?: string } };
  return { status: response.status, headers: response.headers, json };
};

const metricsOf = async (url: string): Promise<string> => (await fetch(`${url}/metrics`)).text();

const limitsYaml =
  (extra = '') =>
  (upstream: FakeServer) =>
    `${openaiProviders(upstream)}limits: { redis: ${testRedisUrl}, prefix: "PREFIX", timeoutMs: 1000${extra} }\n` +
    'routes:\n  chat:\n    targets:\n      - { model: up:gpt-4o-mini, price: { input: 1, output: 1000 } }\n';

const promptTokens = 12;
const maxTokens = 40;
const realCost = (promptTokens * 1 + maxTokens * 1000) / 1_000_000;
const usesEveryToken = (request: RecordedRequest) => {
  const body = request.body as { max_tokens?: number; max_completion_tokens?: number };
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: body.max_completion_tokens ?? body.max_tokens ?? 0,
  };
  return { status: 200, json: openaiChatCompletion({ content: 'hi', usage }), delayMs: 20 };
};

describe.skipIf(!redisUp)('two gateway replicas sharing Redis', () => {
  it('let exactly 10 of 40 concurrent requests through on a key with rpm 10, whichever replica each reaches', async () => {
    const { a, up, urls } = await replicasOver(limitsYaml(), usesEveryToken, {
      name: 'ten-a-minute',
      rpm: 10,
    });
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, index) => chat(urls[index % 2] ?? '', a.key, { max_tokens: 5 })),
    );
    expect(outcomes.filter((outcome) => outcome.status === 200)).toHaveLength(10);
    const refused = outcomes.filter((outcome) => outcome.status === 429);
    expect(refused).toHaveLength(30);
    expect(refused[0]?.json.error?.code).toBe('key_limit');
    expect(Number(refused[0]?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(up.requests).toHaveLength(10);
  });

  it('spend at most a budget for 10 requests with 64 concurrent requests spread across both', async () => {
    const budgetUsd = 10 * realCost;
    const { a, up, urls } = await replicasOver(limitsYaml(), usesEveryToken, {
      name: 'ten-requests',
      budget: { usd: budgetUsd, period: 'day' },
    });
    const outcomes = await Promise.all(
      Array.from({ length: 64 }, (_, index) => chat(urls[index % 2] ?? '', a.key, { max_tokens: maxTokens })),
    );
    const served = outcomes.filter((outcome) => outcome.status === 200).length;
    // the hold is a little over the real cost (the prompt is held at its bytes): 10, or one fewer
    expect(served).toBeGreaterThanOrEqual(9);
    expect(served).toBeLessThanOrEqual(10);
    expect(
      outcomes
        .filter((outcome) => outcome.status === 429)
        .every((o) => o.json.error?.code === 'budget_exceeded'),
    ).toBe(true);
    expect(up.requests).toHaveLength(served);
    await a.server.close();
    const keyId = (await a.traces())[0]?.keyId ?? '';
    const spent = await a.store.spendSince(keyId, periodStart('day', new Date()));
    expect(spent).toBeLessThanOrEqual(budgetUsd);
    expect(spent).toBeGreaterThan(0);
  });

  it('charge a stream its client left for what it was sent, in the shared spend, and hold nothing after', async () => {
    const content = 'abcd'.repeat(30);
    const { prefix, a, b } = await replicasOver(
      limitsYaml(),
      () => ({ sse: openaiChatStream({ content, chunkSize: 4 }), delayMs: 40 }),
      { name: 'capped', budget: { usd: 1, period: 'day' } },
    );
    const leaving = new AbortController();
    const streamed = await fetch(`${b.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'chat',
        messages: [{ role: 'user', content: 'go' }],
        max_tokens: 500,
        stream: true,
      }),
      signal: leaving.signal,
    });
    const reader = (streamed.body as ReadableStream<Uint8Array>).getReader();
    let seen = '';
    while ((seen.match(/abcd/g)?.length ?? 0) < 3)
      seen += new TextDecoder().decode((await reader.read()).value);
    leaving.abort();
    await b.server.close();
    const [cut] = await a.traces();
    expect(cut?.errorCode).toBe('client_closed_request');
    expect(cut?.costUsd).toBeGreaterThanOrEqual(0.003);
    const redis = new Redis(testRedisUrl);
    try {
      const window = await redis.hgetall(`${prefix}{${cut?.keyId}}:budget:${periodStart('day', new Date())}`);
      expect(Number(window.spent) / 1e9).toBeCloseTo(cut?.costUsd ?? 0, 8);
      expect(window.reserved).toBe('0');
    } finally {
      redis.disconnect();
    }
  });

  it('serve on one replica an answer the other cached (cache.store: redis)', async () => {
    const { a, b, up } = await replicasOver(
      (upstream) =>
        `${openaiProviders(upstream)}limits: { redis: ${testRedisUrl}, prefix: "PREFIX" }\ncache: { store: redis }\n` +
        'routes:\n  chat:\n    cache: { ttlSeconds: 60 }\n    targets:\n      - { model: up:gpt-4o-mini }\n',
      { status: 200, json: openaiChatCompletion({ content: 'Paris' }) },
    );
    expect((await chat(a.url, a.key)).status).toBe(200);
    // the replica stores the answer after answering: give it a moment to land
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await chat(b.url, a.key);
    expect(second.status).toBe(200);
    expect(JSON.stringify(second.json)).toContain('Paris');
    expect(up.requests).toHaveLength(1);
    // another key does not get the first key's answer (the cache is per key unless the route shares it)
    const other = (await createApiKey(a.store, { name: 'team-b' })).key;
    expect((await chat(b.url, other)).status).toBe(200);
    expect(up.requests).toHaveLength(2);
    expect(await metricsOf(b.url)).toContain('yardstick_gateway_cache_hits_total 1');
  });
});

describe.skipIf(!redisUp)('a gateway whose Redis goes away', () => {
  it('refuses budgeted keys with 503, serves rate-limited ones, says so once, and recovers when Redis is back', async () => {
    const proxy: RedisProxy = await startRedisProxy();
    cleanups.push(() => proxy.close());
    const { a, up } = await replicasOver(
      (upstream) => limitsYaml()(upstream).replace(testRedisUrl, proxy.url),
      usesEveryToken,
      { name: 'budgeted', budget: { usd: 1, period: 'day' } },
    );
    const limited = (await createApiKey(a.store, { name: 'limited', rpm: 100 })).key;
    expect((await chat(a.url, a.key, { max_tokens: 5 })).status).toBe(200);

    await proxy.cut();
    const started = performance.now();
    const refused = await chat(a.url, a.key, { max_tokens: 5 });
    expect(refused.status).toBe(503);
    expect(refused.json.error?.code).toBe('limits_unavailable');
    expect(refused.json.error?.message).toContain('Redis');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(performance.now() - started).toBeLessThan(1_000);
    for (let index = 0; index < 3; index += 1) expect((await chat(a.url, limited)).status).toBe(200);
    expect((await chat(a.url, a.key, { max_tokens: 5 })).status).toBe(503);
    const down = await metricsOf(a.url);
    expect(down).toContain('yardstick_redis_up{use="limits"} 0');
    expect(down).toMatch(/yardstick_redis_errors_total\{use="limits"\} [1-9]/);
    expect(
      a.logs.filter((line) => line.includes('unreachable')),
      a.logs.join('\n'),
    ).toHaveLength(1);
    expect(a.logs.find((line) => line.includes('unreachable'))).toContain('budgets fail closed');

    await proxy.restore();
    const deadline = Date.now() + 5_000;
    while (!(await metricsOf(a.url)).includes('yardstick_redis_up{use="limits"} 1') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await chat(a.url, a.key, { max_tokens: 5 })).status).toBe(200);
    expect(
      a.logs.filter((line) => line.endsWith('is back')),
      a.logs.join('\n'),
    ).toHaveLength(1);
    expect(up.requests).toHaveLength(5);
  });
});
