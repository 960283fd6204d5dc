// The UI's API under hostile requests and under load: mutated paths and parameters always get a shaped answer
// (200, 400, 404 or 405 with an error body), never a 500; and many requests at once over HTTP all succeed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stores } from '../../store/contract/stores.js';
import { openSqliteStores } from '../../store/sqlite/open-sqlite.js';
import { fuzzSeed } from '../../testing/fuzz-seed.js';
import { interestingStrings } from '../../testing/hostile-values.js';
import { openUiData } from './ui-data.js';
import { createUiHandler, startUiServer } from './ui-server.js';

const seed = fuzzSeed(20_261_129);
const numRuns = Number(process.env.YARDSTICK_FUZZ_RUNS ?? 400);

let dir: string;
let db: Stores;
let handle: ReturnType<typeof createUiHandler>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yardstick-ui-fuzz-'));
  db = openSqliteStores(join(dir, 'yardstick.db'));
  const store = db.runs;
  await store.createRun({
    id: 'r1',
    suiteName: 's',
    suitePath: 's',
    suiteHash: 'h',
    startedAt: '2026-11-01T00:00:00.000Z',
    config: {},
    totalPlanned: 4,
  });
  for (const modelId of ['a', 'b']) {
    for (const testId of ['t1', 't2']) {
      await store.recordResult({
        runId: 'r1',
        promptId: 'p',
        modelId,
        testId,
        repeat: 0,
        pass: testId === 't1',
        output: 'x',
        cacheHit: false,
        assertions: [],
      });
    }
  }
  await store.finishRun('r1', 'completed', '2026-11-01T00:01:00.000Z');
  await db.gateway.insertTraces([
    {
      id: 'tr1',
      startedAt: '2026-11-01T00:00:00.000Z',
      keyId: 'k',
      keyName: 'team',
      route: 'r',
      requestedModel: 'r',
      endpoint: '/v1/chat/completions',
      stream: false,
      status: 200,
      provider: 'openai',
      model: 'm',
      errorCode: null,
      errorMessage: null,
      attempts: [],
      inputTokens: 1,
      cachedInputTokens: null,
      outputTokens: 1,
      reasoningTokens: null,
      costUsd: 0.1,
      ttftMs: null,
      latencyMs: 1,
      cacheHit: false,
      requestJson: null,
      responseJson: null,
    },
  ]);
  handle = createUiHandler({ data: openUiData(db), token: undefined, assets: new Map() });
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const paths = [
  '/api/runs',
  '/api/suites',
  '/api/runs/r1',
  '/api/runs/r1/cases',
  '/api/runs/r1/cases/t1',
  '/api/compare',
  '/api/traces',
  '/api/traces/tr1',
  '/api/spend',
  '/api/routes',
  '/api/routes/faq',
  '/api/monitors',
  '/api/runs/ghost',
  '/api/nothing',
];
const names = [
  'suite',
  'model',
  'status',
  'since',
  'until',
  'cursor',
  'limit',
  'threshold',
  'failing',
  'prompt',
  'baseline',
  'candidate',
  'maxDrop',
  'rule',
  'detect',
  'offset',
  'route',
  'key',
  'by',
  'bucket',
  'monitor',
  'token',
  '__proto__',
];
const value = fc.oneof(
  fc.constantFrom(
    ...interestingStrings,
    'r1@a',
    'r1@b',
    'a',
    'p',
    'ok',
    'error',
    '429',
    '1h',
    '2026-11-01',
    'day',
    'hour',
    'failed',
    'key',
  ),
  fc.string({ maxLength: 40 }),
  fc.integer({ min: -5, max: 5000 }).map(String),
  fc.double().map(String),
  fc.base64String({ maxLength: 60 }),
);

describe('the API under mutated requests', () => {
  it(`answers ${numRuns} mutated requests with a shaped 200, 400, 404 or 405, never a 500`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 5 }),
        fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST', 'DELETE'),
        fc.boolean(),
        async (path, params, method, mangle) => {
          const query = new URLSearchParams(params).toString();
          // a raw %-escape that does not decode, or a segment with odd characters
          const target = mangle ? `${path.replace('r1', '%E0%A4%A')}?${query}` : `${path}?${query}`;
          const response = await handle({ method, url: target, headers: { host: '127.0.0.1' } });
          expect([200, 400, 404, 405]).toContain(response.status);
          const body = JSON.parse(String(response.body)) as { error?: { code: string; message: string } };
          if (response.status !== 200) expect(body.error?.message.length).toBeGreaterThan(0);
        },
      ),
      { seed, numRuns },
    );
  }, 60_000);
});

describe('the server under load', () => {
  it('answers 600 concurrent requests over HTTP, every one of them', async () => {
    const server = await startUiServer(handle, '127.0.0.1', 0);
    try {
      const urls = [
        '/api/runs',
        '/api/runs/r1',
        '/api/runs/r1/cases',
        '/api/traces',
        '/api/spend',
        '/api/compare?baseline=r1@a&candidate=r1@b',
      ];
      const answers = await Promise.all(
        Array.from({ length: 600 }, (_, index) =>
          fetch(`${server.url}${urls[index % urls.length]}`).then((response) => response.status),
        ),
      );
      expect(answers.filter((status) => status !== 200)).toEqual([]);
    } finally {
      await server.close();
    }
  }, 60_000);
});
