// The UI's JSON API in process: answers match the scorecard and compare-sides exactly, lists page by cursor,
// mistakes get a 400 naming the parameter, the token guards every endpoint, and no key hash ever leaves.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeReportSource } from '../../report/store-report-source.js';
import { addDecisions } from '../../scorecard/add-decisions.js';
import { summarizeRun } from '../../scorecard/summarize-run.js';
import type { RunStore } from '../../store/contract/run-store.js';
import type { Stores } from '../../store/contract/stores.js';
import { openPostgresStores } from '../../store/postgres/open-postgres.js';
import { openSqliteStores } from '../../store/sqlite/open-sqlite.js';
import { createTestDatabase, probePostgres } from '../../testing/postgres-database.js';
import type {
  CaseDetail,
  CasesPage,
  ComparisonPage,
  RunsPage,
  RunView,
  SpendView,
  TracesPage,
} from '../api-types.js';
import type { StaticAsset } from './static-assets.js';
import { openUiData } from './ui-data.js';
import { contentSecurityPolicy, createUiHandler, type UiResponse } from './ui-server.js';

const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const keyHash = 'c0ffee'.repeat(10);
const token = 'the-ui-token-0123456789';

let db: Stores;
let store: RunStore;

const addRun = async (id: string, startedAt: string, failing: (model: string, n: number) => boolean) => {
  await store.createRun({
    id,
    suiteName: 'faq',
    suitePath: 's.yaml',
    suiteHash: 'h',
    startedAt,
    config: {},
    totalPlanned: 60,
  });
  for (const modelId of ['openai:big', 'openai:small']) {
    for (let n = 0; n < 30; n += 1) {
      const pass = !failing(modelId, n);
      await store.recordResult({
        runId: id,
        promptId: 'ask',
        modelId,
        testId: n === 0 ? `case-${hostile}` : `case-${String(n).padStart(2, '0')}`,
        repeat: 0,
        pass,
        output: pass ? `answer ${n}` : `wrong ${hostile}`,
        latencyMs: modelId === 'openai:big' ? 900 : 200,
        costUsd: modelId === 'openai:big' ? 0.01 : 0.001,
        cacheHit: false,
        assertions: [
          {
            type: 'contains',
            pass,
            score: pass ? 1 : 0,
            weight: 1,
            reason: pass ? 'found' : `missing in ${hostile}`,
          },
        ],
      });
    }
  }
  await store.finishRun(id, 'completed', startedAt);
};

let handle: ReturnType<typeof createUiHandler>;
const assets = new Map<string, StaticAsset>([
  [
    '/index.html',
    {
      body: Buffer.from('<!doctype html><title>ui</title>'),
      contentType: 'text/html',
      cacheControl: 'no-cache',
    },
  ],
]);

/** A fresh store of the engine, and how to remove it. */
const openEngine = async (engine: Engine): Promise<{ stores: Stores; remove: () => Promise<void> }> => {
  if (engine === 'SQLite') {
    const dir = mkdtempSync(join(tmpdir(), 'yardstick-ui-api-'));
    return {
      stores: openSqliteStores(join(dir, 'yardstick.db')),
      remove: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const database = await createTestDatabase();
  return { stores: await openPostgresStores(database.url), remove: () => database.drop() };
};

type Engine = 'SQLite' | 'PostgreSQL';
const postgres = await probePostgres();
// the UI reads PostgreSQL through the same contract: every answer below must be the same on both engines
const engines: Engine[] = postgres.reachable ? ['SQLite', 'PostgreSQL'] : ['SQLite'];
let removeStore: () => Promise<void>;

const fill = async (engine: Engine): Promise<void> => {
  const opened = await openEngine(engine);
  db = opened.stores;
  removeStore = opened.remove;
  store = db.runs;
  await addRun('base', '2026-11-01T10:00:00.000Z', (model, n) => model === 'openai:small' && n % 5 === 0);
  // the candidate run: the small model now fails 12 more cases
  await addRun(
    'cand',
    '2026-11-02T10:00:00.000Z',
    (model, n) => model === 'openai:small' && (n % 5 === 0 || n % 2 === 1),
  );
  const gateway = db.gateway;
  await gateway.insertKey({
    id: 'k1',
    name: 'team-a',
    secretSha256: keyHash,
    createdAt: '2026-11-01T00:00:00.000Z',
    expiresAt: null,
    revokedAt: null,
    budgetUsd: 2,
    budgetPeriod: 'day',
    rpm: null,
    tpm: null,
    routes: null,
  });
  await gateway.insertTraces(
    Array.from({ length: 120 }, (_, index) => ({
      id: `tr-${String(index).padStart(3, '0')}`,
      startedAt: new Date(Date.parse('2026-11-02T00:00:00.000Z') + index * 60_000).toISOString(),
      keyId: 'k1',
      keyName: 'team-a',
      route: index % 3 === 0 ? 'classify' : 'summarize',
      requestedModel: 'summarize',
      endpoint: '/v1/chat/completions',
      stream: false,
      status: index % 10 === 0 ? 502 : 200,
      provider: 'openai',
      model: 'gpt-4o-mini',
      errorCode: null,
      errorMessage: null,
      attempts: [{ provider: 'openai', model: 'gpt-4o-mini', status: 200, latencyMs: 5, error: null }],
      inputTokens: 10,
      cachedInputTokens: null,
      outputTokens: 5,
      reasoningTokens: null,
      costUsd: 0.01,
      ttftMs: null,
      latencyMs: 7,
      cacheHit: false,
      requestJson: `{"messages":[{"content":"${index}"}]}`,
      responseJson: hostile,
    })),
  );
  handle = createUiHandler({ data: openUiData(db), token: undefined, assets });
};
const closeStore = async (): Promise<void> => {
  await db.close();
  await removeStore();
};

const get = (url: string, headers: Record<string, string> = { host: '127.0.0.1:4242' }) =>
  handle({ method: 'GET', url, headers });
const body = <T>(response: UiResponse): T => JSON.parse(String(response.body)) as T;
const ok = async <T>(url: string): Promise<T> => {
  const response = await get(url);
  expect(response.status, String(response.body)).toBe(200);
  expect(response.headers['content-security-policy']).toBe(contentSecurityPolicy);
  return body<T>(response);
};

describe.each(engines)('the UI API over %s', (engine) => {
  beforeEach(() => fill(engine));
  afterEach(closeStore);

  describe('runs', () => {
    it('lists runs newest first with the scorecard pass rates and spend, a page at a time', async () => {
      const first = await ok<RunsPage>('/api/runs?limit=1');
      expect(first.runs.map((run) => run.id)).toEqual(['cand']);
      const summary = await summarizeRun(await storeReportSource(store, 'cand'));
      expect(first.runs[0]?.passRate).toBe(summary.totals.passRate);
      expect(first.runs[0]?.models.map((model) => model.passRate)).toEqual(
        summary.summary.map((row) => row.passRate),
      );
      expect(first.runs[0]?.costUsd).toBeCloseTo(0.33, 10);
      const second = await ok<RunsPage>(`/api/runs?limit=1&cursor=${first.nextCursor}`);
      expect(second.runs.map((run) => run.id)).toEqual(['base']);
      expect(
        (await ok<RunsPage>('/api/runs?since=2026-11-02&model=openai:small')).runs.map((run) => run.id),
      ).toEqual(['cand']);
      expect(await ok('/api/suites')).toEqual({ suites: ['faq'] });
    });

    it('shows a resumed run with its new results, not the summary of its earlier finish', async () => {
      const before = await ok<RunsPage>('/api/runs?limit=1');
      expect(before.runs[0]?.results).toBe(60);
      // `eval --resume`: the run is marked running, gets more results, and finishes again later
      await store.markRunning('cand');
      await store.recordResult({
        runId: 'cand',
        promptId: 'ask',
        modelId: 'openai:extra',
        testId: 'case-01',
        repeat: 0,
        pass: true,
        cacheHit: false,
        assertions: [],
      });
      const running = await ok<RunsPage>('/api/runs?limit=1');
      expect(running.runs[0]).toMatchObject({ status: 'running', results: 61 });
      await store.finishRun('cand', 'completed', '2026-11-03T10:00:00.000Z');
      const after = await ok<RunsPage>('/api/runs?limit=1');
      expect(after.runs[0]).toMatchObject({ status: 'completed', results: 61 });
      expect(after.runs[0]?.models.map((model) => model.model)).toContain('openai:extra');
    });

    it('shows a run: the summary as the scorecard computes it, the frontier and the recommendation at a bar', async () => {
      const view = await ok<RunView>('/api/runs/cand?threshold=0.5');
      const expected = addDecisions(await summarizeRun(await storeReportSource(store, 'cand')), {
        threshold: 0.5,
      });
      expect(view.summary.summary).toEqual(expected.summary);
      expect(view.summary.summary.map((row) => row.meetsThreshold)).toEqual([true, false]);
      expect(view.summary.recommendation).toEqual(expected.recommendation);
      expect(view.summary.recommendation?.model).toBe('openai:big');
      // big is dearer, slower and better, small cheaper, faster and worse: each is Pareto-optimal on both axes
      expect(view.frontier.cost.points.map((point) => [point.name, point.pareto])).toEqual([
        ['openai:big', true],
        ['openai:small', true],
      ]);
      expect(view.frontier.latency.points.map((point) => [point.x, point.pareto])).toEqual([
        [900, true],
        [200, true],
      ]);
    });

    it('pages the case matrix and shows one cell with each check, text as stored', async () => {
      const page = await ok<CasesPage>('/api/runs/cand/cases?limit=20');
      expect(page.columns.map((column) => column.label)).toEqual(['openai:big', 'openai:small']);
      expect(page.cases).toHaveLength(20);
      const rest = await ok<CasesPage>(`/api/runs/cand/cases?limit=20&cursor=${page.nextCursor}`);
      expect(rest.cases).toHaveLength(10);
      expect(rest.nextCursor).toBeNull();
      expect(new Set([...page.cases, ...rest.cases].map((item) => item.id)).size).toBe(30);
      const failing = await ok<CasesPage>('/api/runs/cand/cases?failing=1');
      expect(failing.cases.every((item) => item.cells.some((cell) => cell && cell.passed < cell.runs))).toBe(
        true,
      );
      expect(failing.cases).toHaveLength(18);

      const caseId = encodeURIComponent(`case-${hostile}`);
      const cell = await ok<CaseDetail>(`/api/runs/cand/cases/${caseId}?model=openai:small&prompt=ask`);
      expect(cell.caseId).toBe(`case-${hostile}`);
      expect(cell.answers[0]).toMatchObject({ pass: false, output: `wrong ${hostile}` });
      expect(cell.answers[0]?.checks).toEqual([
        { name: 'contains', pass: false, skipped: false, reason: `missing in ${hostile}` },
      ]);
      expect((await get(`/api/runs/cand/cases/${caseId}?model=nope&prompt=ask`)).status).toBe(404);
    });
  });

  describe('compare', () => {
    it('gives compare-sides decision under the chosen margin and rule, regressed cases first', async () => {
      const url = '/api/compare?baseline=base@openai:small&candidate=cand@openai:small';
      const strict = await ok<ComparisonPage>(`${url}&maxDrop=0.02`);
      expect(strict.regressed).toBe(12);
      expect(strict.decision).toBe('fail');
      expect(strict.cases[0]?.status).toBe('regressed');
      expect(strict.casesTotal).toBe(30);
      const lenient = await ok<ComparisonPage>(`${url}&maxDrop=0.9`);
      expect(lenient.decision).toBe('pass');
      const nonInferiority = await ok<ComparisonPage>(`${url}&maxDrop=0.9&rule=non-inferiority`);
      expect(nonInferiority.gate.rule).toBe('non-inferiority');
      const paged = await ok<ComparisonPage>(`${url}&offset=25&limit=10`);
      expect(paged.cases).toHaveLength(5);
      const missing = await get('/api/compare?baseline=base@openai:nope&candidate=cand@openai:small');
      expect(missing.status).toBe(400);
      expect(body<{ error: { message: string } }>(missing).error.message).toContain('no model "openai:nope"');
      expect((await get('/api/compare?baseline=ghost@x&candidate=cand@openai:small')).status).toBe(404);
      // a side is a run in the store, never a file: a path is refused before anything is read
      expect((await get('/api/compare?baseline=/etc/passwd&candidate=cand@openai:small')).status).toBe(400);
    });
  });

  describe('traces and spend', () => {
    it('pages traces by cursor with filters, and shows one trace with its bodies as text', async () => {
      const first = await ok<TracesPage>('/api/traces?limit=50');
      expect(first.traces[0]?.id).toBe('tr-119');
      const seen = [...first.traces];
      let cursor = first.nextCursor;
      while (cursor) {
        const next = await ok<TracesPage>(`/api/traces?limit=50&cursor=${cursor}`);
        seen.push(...next.traces);
        cursor = next.nextCursor;
      }
      expect(new Set(seen.map((trace) => trace.id)).size).toBe(120);
      const errors = await ok<TracesPage>('/api/traces?status=error&route=summarize');
      expect(errors.traces.every((trace) => trace.status >= 400 && trace.route === 'summarize')).toBe(true);
      expect(errors.traces).toHaveLength(8);
      const one = await ok<Record<string, unknown>>('/api/traces/tr-007');
      expect(one).toMatchObject({
        id: 'tr-007',
        requestBody: '{"messages":[{"content":"7"}]}',
        responseBody: hostile,
      });
      expect(one).not.toHaveProperty('keyId');
      expect((await get('/api/traces/nope')).status).toBe(404);
    });

    it('sums spend per key and route by hour and day, with each key budget', async () => {
      const byKey = await ok<SpendView>('/api/spend?by=key&bucket=hour&since=2026-11-01&until=2026-11-03');
      expect(byKey.series).toHaveLength(1);
      expect(byKey.series[0]?.buckets.map((bucket) => bucket.requests)).toEqual([60, 60]);
      expect(byKey.series[0]?.totalUsd).toBeCloseTo(1.2, 10);
      expect(byKey.budgets[0]).toMatchObject({
        name: 'team-a',
        budgetUsd: 2,
        budgetPeriod: 'day',
        status: 'active',
      });
      const byRoute = await ok<SpendView>('/api/spend?by=route&bucket=day&since=2026-11-01&until=2026-11-03');
      expect(byRoute.series.map((series) => [series.group, series.requests])).toEqual([
        ['summarize', 80],
        ['classify', 40],
      ]);
    });

    it('never lets a key hash out, through any endpoint', async () => {
      const urls = [
        '/api/runs',
        '/api/runs/cand',
        '/api/traces',
        '/api/traces/tr-001',
        '/api/spend?since=2026-11-01&until=2026-11-03',
        '/api/spend?by=route',
      ];
      for (const url of urls) expect(String((await get(url)).body)).not.toContain(keyHash);
    });
  });

  describe('mistakes and access', () => {
    it.each([
      ['/api/runs?limit=0', 'limit:'],
      ['/api/runs?status=done', 'status:'],
      ['/api/runs?since=yesterday', 'since: takes a date'],
      ['/api/runs?cursor=garbage', 'cursor: not a cursor'],
      ['/api/runs?sort=asc', 'unknown parameter sort'],
      ['/api/traces?status=bad', 'status:'],
      ['/api/compare?baseline=base&candidate=cand', 'baseline: takes <run-id>@<model>'],
      ['/api/spend?bucket=week', 'bucket:'],
    ])('%s is a 400 naming the parameter', async (url, message) => {
      const response = await get(url);
      expect(response.status).toBe(400);
      expect(body<{ error: { message: string } }>(response).error.message).toContain(message);
    });

    it('refuses writes, unknown endpoints and unknown runs with their status', async () => {
      expect((await handle({ method: 'POST', url: '/api/runs', headers: {} })).status).toBe(405);
      expect((await get('/api/nothing')).status).toBe(404);
      expect((await get('/api/runs/ghost')).status).toBe(404);
      expect((await get('/api/runs/%E0%A4%A')).status).toBe(400);
    });

    it('with a token: every API request needs it; a first visit with ?token= sets the cookie and drops it from the URL', async () => {
      const guarded = createUiHandler({ data: openUiData(db), token, assets });
      const host = { host: '0.0.0.0:4242' };
      for (const url of ['/api/runs', '/api/runs/cand', '/api/traces', '/api/spend', '/api/compare']) {
        expect((await guarded({ method: 'GET', url, headers: host })).status).toBe(401);
      }
      expect(
        (
          await guarded({
            method: 'GET',
            url: '/api/runs',
            headers: { ...host, authorization: `Bearer ${token}` },
          })
        ).status,
      ).toBe(200);
      const visit = await guarded({ method: 'GET', url: `/?token=${token}`, headers: host });
      expect(visit.status).toBe(303);
      expect(visit.headers.location).toBe('/');
      const cookie = visit.headers['set-cookie']?.split(';')[0] ?? '';
      expect((await guarded({ method: 'GET', url: '/api/runs', headers: { ...host, cookie } })).status).toBe(
        200,
      );
      expect((await guarded({ method: 'GET', url: '/?token=wrong', headers: host })).status).toBe(401);
    });

    it('serves the app shell with the CSP, and refuses a rebound Host without a token', async () => {
      const page = await get('/');
      expect(page.status).toBe(200);
      expect(page.headers['content-security-policy']).toContain("default-src 'self'");
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect((await get('/runs/x')).status).toBe(200);
      expect((await get('/assets/missing.js')).status).toBe(404);
      expect((await get('/', { host: 'evil.example' })).status).toBe(403);
      expect((await get('/api/runs', { host: 'evil.example' })).status).toBe(403);
    });
  });
});
