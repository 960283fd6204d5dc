import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import type { ResultInput } from '../store/store-types.js';
import { storeReportSource } from './store-report-source.js';
import { summarizeRun } from './summarize-run.js';

const result = (overrides: Partial<ResultInput>): ResultInput => ({
  runId: 'run-1',
  promptId: 'p1',
  modelId: 'openai:gpt-4o-mini',
  testId: 't1',
  repeat: 0,
  pass: true,
  score: 1,
  output: 'ok',
  latencyMs: 100,
  costUsd: 0.001,
  judgeCostUsd: 0.0001,
  usage: { inputTokens: 10, outputTokens: 5 },
  cacheHit: false,
  assertions: [],
  ...overrides,
});

const storeWithRun = (config: unknown) => {
  const store = openStore(path.join(mkdtempSync(path.join(tmpdir(), 'yardstick-summary-')), 'db.sqlite'));
  store.createRun({
    id: 'run-1',
    suiteName: 's',
    suitePath: '/s.yaml',
    suiteHash: 'h',
    startedAt: new Date().toISOString(),
    config,
    totalPlanned: 4,
  });
  return store;
};

describe('summarizeRun', () => {
  it('weighs every case once, by its pass fraction, however often it was repeated', () => {
    const store = storeWithRun({ models: [], repeat: 10, repeatAuto: true, concurrency: 1 });
    // a steady case decided after 4 repeats, and a flaky one sampled 8 times, passing 2 of them
    const steady = [0, 1, 2, 3].map((repeat) => result({ testId: 'steady', repeat }));
    const flaky = [0, 1, 2, 3, 4, 5, 6, 7].map((repeat) =>
      result({ testId: 'flaky', repeat, pass: repeat < 2 }),
    );
    store.recordResults([...steady, ...flaky]);
    const summary = summarizeRun(storeReportSource(store, 'run-1'));
    const row = summary.summary[0];
    expect(row).toMatchObject({ cases: 2, results: 12, passed: 6, failed: 6 });
    // (1 + 2/8) / 2, not 6/12
    expect(row?.passRate).toBeCloseTo(0.625, 10);
    expect(summary.totals.passRate).toBeCloseTo(0.625, 10);
    // the interval counts 2 cases, so it is wide: repeats do not make the suite bigger
    expect(row?.passRateCi95[0]).toBeLessThan(0.2);
    expect(summary.repeats).toEqual({
      mode: 'auto',
      maxRepeats: 10,
      calls: 12,
      fixedCalls: 20,
      savedCalls: 8,
    });
    store.close();
  });

  it('counts errors apart from failures, keeps unpriced apart from $0, and takes latency of answered cases only', () => {
    const store = storeWithRun({});
    store.recordResults([
      result({ repeat: 0, latencyMs: 300 }),
      // a cached answer still costs what the model costs, so cost per 1k stays comparable
      result({ repeat: 1, pass: false, score: 0, latencyMs: 100, cacheHit: true }),
      result({
        repeat: 2,
        errorCode: 'E_HTTP_SERVER',
        costUsd: undefined,
        latencyMs: 5000,
        usage: undefined,
      }),
      result({ modelId: 'ollama:llama3', costUsd: undefined, judgeCostUsd: undefined, usage: undefined }),
    ]);
    const summary = summarizeRun(storeReportSource(store, 'run-1'));
    const mini = summary.summary.find((row) => row.model === 'openai:gpt-4o-mini');
    const local = summary.summary.find((row) => row.model === 'ollama:llama3');
    expect(mini).toMatchObject({
      cases: 1,
      results: 3,
      passed: 1,
      failed: 1,
      errors: 1,
      latencyMs: { p50: 200 },
    });
    expect(mini?.passRate).toBeCloseTo(1 / 3, 10);
    expect(mini?.costUsd).toBeCloseTo(0.002, 12);
    expect(mini?.costPer1kUsd).toBeCloseTo(1, 10);
    expect(mini?.judgeCostUsd).toBeCloseTo(0.0003, 12);
    expect(mini?.tokens).toEqual({ input: 10, output: 5 });
    expect(local).toMatchObject({
      cases: 1,
      passed: 1,
      costUsd: null,
      costPer1kUsd: null,
      tokens: { input: null, output: null },
    });
    expect(summary.totals).toMatchObject({ cases: 2, results: 4, passed: 2, failed: 1, errors: 1 });
    store.close();
  });
});
