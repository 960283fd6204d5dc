// End to end: three `yardstick serve` replicas behind one (imagined) load balancer, sharing one PostgreSQL store
// and one Redis for limits, as docs/teams.md deploys them. Requests spread over the replicas: a budget for 10
// requests is never overspent by 64 concurrent ones, an rpm limit of 10 lets exactly 10 through across all of
// them, and a key revoked through the store is refused by every replica at its next request.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomPrefix, removePrefix, requireRedis, testRedisUrl } from '../src/gateway/limits/test-redis.js';
import { type FakeServer, openaiChatCompletion, startFakeServer } from '../src/testing/fake-server.js';
import { createTestDatabase, probePostgres, type TestDatabase } from '../src/testing/postgres-database.js';
import { makeProject, runCli } from './helpers/run-cli.js';
import { type Served, startServe } from './helpers/serve-gateway.js';

const postgres = await probePostgres();
const redisUp = await requireRedis();

// per request: 5 prompt tokens at $10/M and 10 completion tokens (the route's cap) at $30/M
const costUsd = (5 * 10 + 10 * 30) / 1e6;
const budgetUsd = 10 * costUsd;

interface Answer {
  status: number;
  code: string | undefined;
}

const ask = async (replica: Served, key: string, n: number): Promise<Answer> => {
  const response = await fetch(`${replica.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: `q${n}` }] }),
  });
  const body = (await response.json()) as { error?: { code?: string } };
  return { status: response.status, code: body.error?.code };
};

/** `count` requests at once, request i to replica i mod 3. */
const spread = (replicas: Served[], key: string, count: number): Promise<Answer[]> =>
  Promise.all(Array.from({ length: count }, (_, n) => ask(replicas[n % replicas.length] as Served, key, n)));

describe.skipIf(!postgres.reachable || !redisUp)('three gateway replicas on PostgreSQL and Redis', () => {
  let database: TestDatabase;
  let upstream: FakeServer;
  let prefix: string;
  let cwd: string;
  let replicas: Served[] = [];
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    prefix = randomPrefix();
    upstream = await startFakeServer(() => ({
      status: 200,
      // slow enough that requests overlap on every replica
      delayMs: 40,
      json: openaiChatCompletion({ content: 'ok', usage: { prompt_tokens: 5, completion_tokens: 10 } }),
    }));
    cwd = makeProject({
      'gateway.yaml': `store: ${database.url}
limits: { redis: ${testRedisUrl}, prefix: "${prefix}" }
providers:
  up: { type: openai, baseUrl: ${upstream.url}/v1, apiKeyEnv: UP_KEY }
routes:
  chat:
    maxOutputTokens: 10
    targets: [ { model: up:gpt-4o-mini, price: { input: 10, output: 30 } } ]
`,
    });
    const create = async (name: string, extra: string[]): Promise<void> => {
      const created = await runCli(['keys', 'create', '--name', name, '--store', database.url, ...extra], {
        cwd,
      });
      expect(created.code).toBe(0);
      keys[name] = created.stdout.trim();
    };
    await create('budgeted', ['--budget-usd', `${budgetUsd}/day`]);
    await create('limited', ['--rpm', '10']);
    await create('revoked-later', []);
    replicas = await Promise.all([0, 1, 2].map(() => startServe(cwd, { UP_KEY: 'sk-up' })));
  }, 60_000);

  afterAll(async () => {
    const codes = await Promise.all(replicas.map((replica) => replica.stop()));
    expect(codes).toEqual(replicas.map(() => 0));
    await upstream?.close();
    await database?.drop();
    if (prefix) await removePrefix(prefix);
  });

  it('spends at most the budget with 64 concurrent requests across the replicas, and uses it', async () => {
    const before = upstream.requests.length;
    const answers = await spread(replicas, keys.budgeted ?? '', 64);
    const served = answers.filter((answer) => answer.status === 200).length;
    const refused = answers.filter((answer) => answer.status === 429);
    expect(answers.filter((answer) => answer.status !== 200 && answer.status !== 429)).toEqual([]);
    expect(refused.every((answer) => answer.code === 'budget_exceeded')).toBe(true);
    // each request held its largest cost (its prompt estimate and the route's 10-token cap) while in flight
    expect(served).toBeGreaterThanOrEqual(1);
    expect(served).toBeLessThanOrEqual(10);
    expect(upstream.requests.length - before).toBe(served);
    // once those settled at their real cost, one request at a time gets in until the next hold would not fit
    let more = 0;
    for (let n = 0; n < 20; n += 1) {
      const answer = await ask(replicas[n % 3] as Served, keys.budgeted ?? '', 100 + n);
      if (answer.status !== 200) {
        expect(answer).toEqual({ status: 429, code: 'budget_exceeded' });
        break;
      }
      more += 1;
    }
    const total = served + more;
    expect(total).toBeLessThanOrEqual(10);
    // the budget is used, not left idle by holds that were never given back: a request holds about four times
    // its real cost here (the prompt estimate is an upper bound), so at least budget − one hold is spent
    expect(total).toBeGreaterThanOrEqual(5);
    expect(upstream.requests.length - before).toBe(total);
    // what the traces in the shared store say was spent
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      let spent = 0;
      let traced = 0;
      const expected = 64 + more + 1;
      for (let attempt = 0; attempt < 100 && traced < expected; attempt += 1) {
        const result = await client.query<{ spent: number | null; traced: string }>(
          "SELECT SUM(cost_usd) AS spent, COUNT(*) AS traced FROM traces WHERE key_name = 'budgeted'",
        );
        spent = Number(result.rows[0]?.spent ?? 0);
        traced = Number(result.rows[0]?.traced ?? 0);
        if (traced < expected) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(traced).toBe(expected);
      expect(spent).toBeCloseTo(total * costUsd, 12);
      expect(spent).toBeLessThanOrEqual(budgetUsd + 1e-12);
    } finally {
      await client.end();
    }
  }, 60_000);

  it('lets exactly 10 of 40 concurrent requests through an rpm limit of 10, across the replicas', async () => {
    const answers = await spread(replicas, keys.limited ?? '', 40);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(10);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused).toHaveLength(30);
    expect(refused.every((answer) => answer.code === 'key_limit')).toBe(true);
  }, 60_000);

  it('refuses a key on every replica at the next request once it is revoked through the store', async () => {
    const key = keys['revoked-later'] ?? '';
    // every replica has checked (and cached) the key
    for (const replica of replicas) expect((await ask(replica, key, 0)).status).toBe(200);
    const revoked = await runCli(['keys', 'revoke', 'revoked-later', '--store', database.url], { cwd });
    expect(revoked.code).toBe(0);
    for (const replica of replicas) {
      const answer = await ask(replica, key, 1);
      expect(answer).toEqual({ status: 401, code: 'invalid_api_key' });
    }
  }, 60_000);
});
