// The UI's trace queries: cursor pages that together are exactly the filtered list (fuzzed, with many traces
// sharing a timestamp), each filter read through its own index, and no key hash in anything returned.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fuzzSeed } from '../../testing/fuzz-seed.js';
import type { TraceInput } from '../contract/gateway-store.js';
import type { TraceListFilter } from '../contract/trace-queries.js';
import { createGatewayStore } from './gateway-store.js';
import { openSqliteDatabase } from './open-sqlite.js';
import { createTraceQueries, sqliteTraceListQuery } from './trace-queries.js';

let dir: string;
let db: BetterSqlite3.Database;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yardstick-trace-queries-'));
  db = openSqliteDatabase(join(dir, 'yardstick.db'));
});
afterEach(async () => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const trace = (overrides: Partial<TraceInput> = {}): TraceInput => ({
  id: 't1',
  startedAt: '2026-11-01T10:00:00.000Z',
  keyId: 'k1',
  keyName: 'team-a',
  route: 'summarize',
  requestedModel: 'summarize',
  endpoint: '/v1/chat/completions',
  stream: false,
  status: 200,
  provider: 'openai',
  model: 'gpt-4o-mini',
  errorCode: null,
  errorMessage: null,
  attempts: [{ provider: 'openai', model: 'gpt-4o-mini', status: 200, latencyMs: 10, error: null }],
  inputTokens: 10,
  cachedInputTokens: null,
  outputTokens: 5,
  reasoningTokens: null,
  costUsd: 0.001,
  ttftMs: null,
  latencyMs: 12,
  cacheHit: false,
  requestJson: null,
  responseJson: null,
  ...overrides,
});

const routes = ['summarize', 'classify', null] as const;
const keyNames = ['team-a', 'team-b', null] as const;
const models = ['gpt-4o-mini', 'claude-haiku'] as const;
const statuses = [200, 200, 429, 502] as const;

const arbitraryTrace = fc.record({
  minute: fc.integer({ min: 0, max: 5 }),
  route: fc.constantFrom(...routes),
  keyName: fc.constantFrom(...keyNames),
  model: fc.constantFrom(...models),
  status: fc.constantFrom(...statuses),
});

const arbitraryFilter: fc.Arbitrary<Omit<TraceListFilter, 'limit'>> = fc.record(
  {
    route: fc.constantFrom('summarize', 'classify'),
    keyName: fc.constantFrom('team-a', 'team-b'),
    model: fc.constantFrom('gpt-4o-mini', 'openai:gpt-4o-mini', 'anthropic:claude-haiku'),
    status: fc.constantFrom('ok' as const, 'error' as const, 429),
    since: fc.constant('2026-11-01T10:02:00.000Z'),
  },
  { requiredKeys: [] },
);

const matches = (row: ReturnType<typeof trace>, filter: Omit<TraceListFilter, 'limit'>): boolean => {
  if (filter.route !== undefined && row.route !== filter.route) return false;
  if (filter.keyName !== undefined && row.keyName !== filter.keyName) return false;
  if (
    filter.model !== undefined &&
    `${row.provider}:${row.model}` !== filter.model &&
    row.model !== filter.model
  )
    return false;
  if (filter.status === 'ok' && row.status >= 400) return false;
  if (filter.status === 'error' && row.status < 400) return false;
  if (typeof filter.status === 'number' && row.status !== filter.status) return false;
  return filter.since === undefined || row.startedAt >= filter.since;
};

describe('the traces page', () => {
  it('walks every matching trace exactly once, newest first, page by page from the cursor', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbitraryTrace, { maxLength: 60 }),
        arbitraryFilter,
        fc.integer({ min: 1, max: 7 }),
        async (specs, filter, limit) => {
          db.exec('DELETE FROM traces');
          const rows = specs.map((spec, index) =>
            trace({
              id: `t${String(index).padStart(3, '0')}`,
              startedAt: `2026-11-01T10:0${spec.minute}:00.000Z`,
              route: spec.route,
              keyName: spec.keyName,
              provider: spec.model === 'claude-haiku' ? 'anthropic' : 'openai',
              model: spec.model,
              status: spec.status,
            }),
          );
          await createGatewayStore(db).insertTraces(rows);
          const queries = createTraceQueries(db);
          const expected = rows
            .filter((row) => matches(row, filter))
            .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id))
            .map((row) => row.id);
          const seen: string[] = [];
          let after: TraceListFilter['after'];
          for (let page = 0; page < 100; page += 1) {
            const rowsOfPage = await queries.tracesPage({ ...filter, after, limit });
            seen.push(...rowsOfPage.map((row) => row.id));
            const last = rowsOfPage.at(-1);
            if (rowsOfPage.length < limit || !last) break;
            after = { startedAt: last.startedAt, id: last.id };
          }
          expect(seen).toEqual(expected);
        },
      ),
      { seed: fuzzSeed(20_261_129), numRuns: 150 },
    );
  });

  it.each([
    [{}, 'traces_started'],
    [{ route: 'summarize' }, 'traces_route'],
    [{ keyName: 'team-a' }, 'traces_key_name'],
    [{ model: 'openai:gpt-4o-mini' }, 'traces_model'],
    [{ status: 'error' as const }, 'traces_errors'],
    [{ route: 'summarize', since: '2026-11-01T00:00:00.000Z' }, 'traces_route'],
  ])('reads %o through the index %s, in order, from the cursor', (filter, index) => {
    const { sql, params } = sqliteTraceListQuery({
      ...filter,
      after: { startedAt: '2026-11-01T10:00:00.000Z', id: 't1' },
      limit: 50,
    });
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(params)
      .map((row) => (row as { detail: string }).detail)
      .join('; ');
    expect(plan).toContain(`INDEX ${index}`);
    // sorting would read every match before the first row: the index gives the order
    expect(plan).not.toContain('TEMP B-TREE');
  });

  it('returns one trace in full and the keys without their hash', async () => {
    const gateway = createGatewayStore(db);
    await gateway.insertTraces([
      trace({ id: 'full', requestJson: '{"messages":[]}', responseJson: '{"ok":true}' }),
    ]);
    await gateway.insertKey({
      id: 'k1',
      name: 'team-a',
      secretSha256: 'f'.repeat(64),
      createdAt: '2026-11-01T00:00:00.000Z',
      expiresAt: null,
      revokedAt: null,
      budgetUsd: 5,
      budgetPeriod: 'day',
      rpm: null,
      tpm: null,
      routes: null,
    });
    const queries = createTraceQueries(db);
    expect(await queries.trace('full')).toMatchObject({
      requestJson: '{"messages":[]}',
      attempts: [{ status: 200 }],
    });
    expect(await queries.trace('missing')).toBeUndefined();
    expect(await queries.keys()).toEqual([
      {
        id: 'k1',
        name: 'team-a',
        createdAt: '2026-11-01T00:00:00.000Z',
        expiresAt: null,
        revokedAt: null,
        budgetUsd: 5,
        budgetPeriod: 'day',
      },
    ]);
    expect(JSON.stringify(await queries.keys())).not.toContain('ffff');
  });

  it('sums spend per key and per route by hour and by day, counting unpriced requests apart', async () => {
    await createGatewayStore(db).insertTraces([
      trace({ id: 'a', startedAt: '2026-11-01T10:05:00.000Z', costUsd: 0.5 }),
      trace({ id: 'b', startedAt: '2026-11-01T10:55:00.000Z', costUsd: 0.25 }),
      trace({ id: 'c', startedAt: '2026-11-01T11:00:00.000Z', costUsd: null, route: 'classify' }),
      trace({ id: 'd', startedAt: '2026-11-02T09:00:00.000Z', costUsd: 1, keyName: 'team-b' }),
    ]);
    const queries = createTraceQueries(db);
    const range = { since: '2026-11-01T00:00:00.000Z', until: '2026-11-03T00:00:00.000Z' };
    expect(await queries.spendBuckets({ by: 'key', bucket: 'hour', ...range })).toEqual([
      { group: 'team-a', bucket: '2026-11-01T10', costUsd: 0.75, requests: 2, unpriced: 0 },
      { group: 'team-a', bucket: '2026-11-01T11', costUsd: 0, requests: 1, unpriced: 1 },
      { group: 'team-b', bucket: '2026-11-02T09', costUsd: 1, requests: 1, unpriced: 0 },
    ]);
    expect(await queries.spendBuckets({ by: 'route', bucket: 'day', ...range })).toEqual([
      { group: 'classify', bucket: '2026-11-01', costUsd: 0, requests: 1, unpriced: 1 },
      { group: 'summarize', bucket: '2026-11-01', costUsd: 0.75, requests: 2, unpriced: 0 },
      { group: 'summarize', bucket: '2026-11-02', costUsd: 1, requests: 1, unpriced: 0 },
    ]);
    expect(await queries.spendSince('k1', '2026-11-02T00:00:00.000Z')).toBe(1);
  });
});
