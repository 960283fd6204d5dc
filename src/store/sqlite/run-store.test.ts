// The store's writes and queries: atomic, idempotent results, resume keys, streaming reads and aggregates.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect } from '../../testing/collect.js';
import type { RunStore } from '../contract/run-store.js';
import { type ResultInput, resultKey } from '../contract/store-types.js';
import { openSqliteStores } from './open-sqlite.js';

let dir: string;
let store: RunStore;

const result = (overrides: Partial<ResultInput> = {}): ResultInput => ({
  runId: 'run-1',
  promptId: 'p1',
  modelId: 'openai:gpt-4o-mini',
  testId: 't1',
  repeat: 0,
  pass: true,
  score: 1,
  output: 'Paris',
  toolCalls: [{ id: 'c1', name: 'lookup', arguments: '{}' }],
  latencyMs: 100,
  ttftMs: 40,
  costUsd: 0.001,
  judgeCostUsd: 0.0001,
  usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 2, reasoningTokens: 1 },
  cacheHit: false,
  requestHash: 'h1',
  finishReason: { unified: 'stop', raw: 'stop' },
  attempts: 1,
  assertions: [
    { type: 'contains', pass: true, score: 1, weight: 1, reason: 'found "Paris"' },
    {
      type: 'llm-rubric',
      label: 'polite',
      pass: true,
      score: 0.8,
      weight: 2,
      reason: 'ok',
      judgeCostUsd: 0.0001,
    },
  ],
  ...overrides,
});

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yardstick-store-'));
  store = openSqliteStores(join(dir, 'yardstick.db')).runs;
  await store.createRun({
    id: 'run-1',
    suiteName: 'faq',
    suitePath: 'suite.yaml',
    suiteHash: 'abc',
    startedAt: '2025-10-15T10:00:00.000Z',
    config: { repeat: 1 },
    totalPlanned: 4,
  });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('runs', () => {
  it('creates, lists newest first, finishes and resumes a run', async () => {
    await store.createRun({
      id: 'run-2',
      suiteName: 's',
      suitePath: 'x',
      suiteHash: 'h',
      startedAt: '2025-10-16T00:00:00.000Z',
      config: null,
      totalPlanned: 0,
    });
    expect((await store.listRuns({ limit: 5 })).map((run) => run.id)).toEqual(['run-2', 'run-1']);
    expect(await store.getRun('run-1')).toMatchObject({
      status: 'running',
      finishedAt: undefined,
      config: { repeat: 1 },
    });
    await store.finishRun('run-1', 'aborted', '2025-10-15T10:05:00.000Z');
    expect(await store.getRun('run-1')).toMatchObject({
      status: 'aborted',
      finishedAt: '2025-10-15T10:05:00.000Z',
    });
    await store.markRunning('run-1');
    expect(await store.getRun('run-1')).toMatchObject({ status: 'running', finishedAt: undefined });
    expect(await store.getRun('missing')).toBeUndefined();
  });

  it('records, replaces and clears skipped models', async () => {
    await store.recordSkippedModel('run-1', 'ollama:llama3', 'connection refused');
    await store.recordSkippedModel('run-1', 'ollama:llama3', 'still refused');
    expect(await store.skippedModels('run-1')).toEqual([
      { modelId: 'ollama:llama3', reason: 'still refused' },
    ]);
    await store.clearSkippedModels('run-1');
    expect(await store.skippedModels('run-1')).toEqual([]);
  });
});

describe('recordResult', () => {
  it('round-trips a result and its assertions', async () => {
    expect(await store.recordResult(result())).toBe(true);
    const [row] = await collect(store.iterateResults('run-1'));
    expect(row).toMatchObject({
      promptId: 'p1',
      pass: true,
      output: 'Paris',
      toolCalls: [{ id: 'c1', name: 'lookup', arguments: '{}' }],
      costUsd: 0.001,
      usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 2, reasoningTokens: 1 },
      finishReason: { unified: 'stop', raw: 'stop' },
      cacheHit: false,
    });
    const assertions = await store.assertionsForResult(row?.id ?? -1);
    expect(assertions.map((item) => [item.index, item.type, item.label, item.weight])).toEqual([
      [0, 'contains', undefined, 1],
      [1, 'llm-rubric', 'polite', 2],
    ]);
  });

  it('ignores a second write of the same case, so resume never duplicates', async () => {
    expect(await store.recordResult(result())).toBe(true);
    expect(await store.recordResult(result({ output: 'London', pass: false }))).toBe(false);
    expect(await store.countResults('run-1')).toBe(1);
    expect((await collect(store.iterateResults('run-1')))[0]?.output).toBe('Paris');
    expect(await collect(store.iterateAssertions('run-1'))).toHaveLength(2);
  });

  it('writes nothing when any part fails', async () => {
    const broken = result({
      assertions: [{ type: 'contains', pass: true, score: Number.NaN, weight: 1, reason: 'x' }],
    });
    await expect(store.recordResult(broken)).rejects.toThrow(expect.objectContaining({ code: 'E_STORE' }));
    expect(await store.countResults('run-1')).toBe(0);
    expect(await collect(store.iterateAssertions('run-1'))).toEqual([]);
  });

  it('writes a batch of results in one transaction, skipping cases already stored', async () => {
    expect(await store.recordResult(result())).toBe(true);
    expect(await store.recordResults([result(), result({ testId: 't2' }), result({ testId: 't3' })])).toEqual(
      [false, true, true],
    );
    expect(await store.countResults('run-1')).toBe(3);
  });

  it('writes no result of a batch when one of them fails', async () => {
    const broken = result({
      testId: 't9',
      assertions: [{ type: 'contains', pass: true, score: Number.NaN, weight: 1, reason: 'x' }],
    });
    await expect(store.recordResults([result({ testId: 't8' }), broken])).rejects.toThrow(
      expect.objectContaining({ code: 'E_STORE', message: expect.stringContaining('2 results') }),
    );
    expect(await store.countResults('run-1')).toBe(0);
  });

  it('rejects a result for an unknown run with E_STORE', async () => {
    await expect(store.recordResult(result({ runId: 'nope' }))).rejects.toThrow(/run nope/);
  });

  it('stores an errored case with no pass value and no cost', async () => {
    await store.recordResult(
      result({
        pass: false,
        errorCode: 'E_TIMEOUT',
        errorMessage: 'slow',
        costUsd: undefined,
        assertions: [],
      }),
    );
    const [row] = await collect(store.iterateResults('run-1'));
    expect(row).toMatchObject({
      pass: undefined,
      errorCode: 'E_TIMEOUT',
      errorMessage: 'slow',
      costUsd: undefined,
    });
  });
});

describe('queries', () => {
  it('returns the stored cases in the runner plan format, with whether each passed', async () => {
    await store.recordResult(result());
    await store.recordResult(result({ repeat: 1, pass: false }));
    expect(await store.completedResults('run-1')).toEqual(
      new Map([
        [resultKey('p1', 'openai:gpt-4o-mini', 't1', 0), true],
        [resultKey('p1', 'openai:gpt-4o-mini', 't1', 1), false],
      ]),
    );
    expect(resultKey('p', 'm', 't', 2)).toBe('p\u0000m\u0000t\u00002');
  });

  it('streams results in insertion order and allows reads while iterating', async () => {
    for (let repeat = 0; repeat < 50; repeat += 1) await store.recordResult(result({ repeat }));
    let seen = 0;
    for await (const row of store.iterateResults('run-1')) {
      expect(row.repeat).toBe(seen);
      expect(await store.assertionsForResult(row.id)).toHaveLength(2);
      seen += 1;
    }
    expect(seen).toBe(50);
  });
});
