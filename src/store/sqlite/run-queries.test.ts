// The UI's run queries: runs newest first by filter and cursor, a run's cases a page at a time, one case's repeats.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunFilter } from '../contract/run-queries.js';
import type { RunStore } from '../contract/run-store.js';
import { openSqliteDatabase } from './open-sqlite.js';
import { createRunQueries } from './run-queries.js';
import { createRunStore } from './run-store.js';

let dir: string;
let db: BetterSqlite3.Database;
let store: RunStore;

const addRun = async (id: string, suite: string, startedAt: string, models: string[], cases = 3) => {
  await store.createRun({
    id,
    suiteName: suite,
    suitePath: 's.yaml',
    suiteHash: 'h',
    startedAt,
    config: {},
    totalPlanned: 0,
  });
  for (const modelId of models) {
    for (let index = 0; index < cases; index += 1) {
      for (const repeat of [0, 1]) {
        await store.recordResult({
          runId: id,
          promptId: 'p',
          modelId,
          testId: `case-${index}`,
          repeat,
          // case-1 fails on its second repeat on every model; case-2 errors on model "b"
          pass: !(index === 1 && repeat === 1),
          ...(index === 2 && modelId === 'b'
            ? { errorCode: 'E_HTTP_SERVER' as const, errorMessage: 'boom' }
            : {}),
          output: `${modelId} ${index} ${repeat}`,
          cacheHit: false,
          assertions: [],
        });
      }
    }
  }
  await store.finishRun(id, 'completed', startedAt);
};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yardstick-run-queries-'));
  db = openSqliteDatabase(join(dir, 'yardstick.db'));
  store = createRunStore(db);
  await addRun('r1', 'faq', '2026-11-01T10:00:00.000Z', ['a']);
  await addRun('r2', 'faq', '2026-11-02T10:00:00.000Z', ['a', 'b']);
  // the same start time as r2: the id breaks the tie
  await addRun('r3', 'agent', '2026-11-02T10:00:00.000Z', ['b']);
  await addRun('r4', 'agent', '2026-11-03T10:00:00.000Z', ['a']);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ids = async (filter: Partial<RunFilter>) =>
  (await createRunQueries(db).runsPage({ limit: 10, ...filter })).map((run) => run.id);

describe('runs page', () => {
  it('lists newest first and pages from the cursor without gaps or repeats', async () => {
    expect(await ids({})).toEqual(['r4', 'r3', 'r2', 'r1']);
    expect(await ids({ limit: 2 })).toEqual(['r4', 'r3']);
    expect(await ids({ limit: 2, after: { startedAt: '2026-11-02T10:00:00.000Z', id: 'r3' } })).toEqual([
      'r2',
      'r1',
    ]);
  });

  it('filters by suite, model, status and date', async () => {
    expect(await ids({ suite: 'faq' })).toEqual(['r2', 'r1']);
    expect(await ids({ model: 'b' })).toEqual(['r3', 'r2']);
    expect(await ids({ status: 'running' })).toEqual([]);
    expect(await ids({ since: '2026-11-02T00:00:00.000Z', until: '2026-11-03T00:00:00.000Z' })).toEqual([
      'r3',
      'r2',
    ]);
    expect(await createRunQueries(db).suiteNames()).toEqual(['agent', 'faq']);
  });
});

describe('cases of a run', () => {
  it('pages cases by id with one cell per model, and keeps only failing cases when asked', async () => {
    const queries = createRunQueries(db);
    const first = await queries.casePage('r2', { limit: 2, failingOnly: false });
    expect(first.caseIds).toEqual(['case-0', 'case-1']);
    expect(first.cells.get('case-1')).toEqual(
      expect.arrayContaining([
        { modelId: 'a', promptId: 'p', passed: 1, runs: 2, errors: 0 },
        { modelId: 'b', promptId: 'p', passed: 1, runs: 2, errors: 0 },
      ]),
    );
    expect((await queries.casePage('r2', { after: 'case-1', limit: 2, failingOnly: false })).caseIds).toEqual(
      ['case-2'],
    );
    const failing = await queries.casePage('r2', { limit: 10, failingOnly: true });
    expect(failing.caseIds).toEqual(['case-1', 'case-2']);
    expect(failing.cells.get('case-2')).toContainEqual({
      modelId: 'b',
      promptId: 'p',
      passed: 0,
      runs: 2,
      errors: 2,
    });
  });

  it('returns every repeat of one cell in order', async () => {
    const results = await createRunQueries(db).caseResults('r2', 'case-1', 'a', 'p');
    expect(results.map((result) => [result.repeat, result.pass, result.output])).toEqual([
      [0, true, 'a 1 0'],
      [1, false, 'a 1 1'],
    ]);
  });
});
