// Checks the per-model summary: each case weighs once by its pass fraction, errors and unpriced stay apart.
import { describe, expect, it } from 'vitest';
import { streamOf } from '../testing/collect.js';
import type { ReportResult, ReportSource } from './report-source.js';
import { summarizeRun } from './summarize-run.js';

const result = (overrides: Partial<ReportResult>): ReportResult => ({
  promptId: 'p1',
  modelId: 'openai:gpt-4o-mini',
  testId: 't1',
  repeat: 0,
  pass: true,
  score: 1,
  output: 'ok',
  toolCalls: [],
  errorCode: null,
  errorMessage: null,
  latencyMs: 100,
  ttftMs: null,
  costUsd: 0.001,
  judgeCostUsd: 0.0001,
  inputTokens: 10,
  outputTokens: 5,
  cachedInputTokens: null,
  reasoningTokens: null,
  cacheHit: false,
  finishReason: 'stop',
  finishReasonRaw: 'stop',
  assertions: async () => [],
  ...overrides,
});

/** A run's results as the store streams them: ordered by model, prompt, test and repeat. */
const sourceOf = (results: ReportResult[], autoRepeat?: { maxRepeats: number }): ReportSource => {
  const sorted = [...results].sort(
    (a, b) =>
      a.modelId.localeCompare(b.modelId) ||
      a.promptId.localeCompare(b.promptId) ||
      a.testId.localeCompare(b.testId) ||
      a.repeat - b.repeat,
  );
  return {
    run: {
      id: 'run-1',
      suite: 's',
      suitePath: '/s.yaml',
      status: 'completed',
      startedAt: '',
      finishedAt: null,
    },
    skipped: [],
    skippedAssertions: [],
    flaky: [],
    ...(autoRepeat ? { autoRepeat } : {}),
    results: () => streamOf(sorted),
  };
};

describe('summarizeRun', () => {
  it('weighs every case once, by its estimated pass probability, however often it was repeated', async () => {
    // after --repeat auto (at most 10): a steady case decided after 4 repeats, a flaky one stopped at 7 passes
    // of 8, and one cut short at 2 of 3 by an interrupted run
    const steady = [0, 1, 2, 3].map((repeat) => result({ testId: 'steady', repeat }));
    const flaky = [0, 1, 2, 3, 4, 5, 6, 7].map((repeat) =>
      result({ testId: 'flaky', repeat, pass: repeat !== 3 }),
    );
    const cut = [0, 1, 2].map((repeat) => result({ testId: 'cut', repeat, pass: repeat < 2 }));
    const summary = await summarizeRun(sourceOf([...steady, ...flaky, ...cut], { maxRepeats: 10 }));
    const row = summary.summary[0];
    expect(row).toMatchObject({ cases: 3, results: 15, passed: 13, failed: 2 });
    // (1 + 0.75 + 2/3) / 3: 7 of 8 where the runner stops scores 0.75 (unbiased), not 7/8; the cut case 2/3
    expect(row?.passRate).toBeCloseTo((1 + 0.75 + 2 / 3) / 3, 10);
    expect(summary.totals.passRate).toBeCloseTo((1 + 0.75 + 2 / 3) / 3, 10);
    // the interval counts 3 cases, so it is wide: repeats do not make the suite bigger
    expect(row?.passRateCi95[0]).toBeLessThan(0.4);
    expect(summary.repeats).toEqual({
      mode: 'auto',
      maxRepeats: 10,
      calls: 15,
      fixedCalls: 30,
      savedCalls: 15,
    });
  });

  it('counts each case by its pass fraction with fixed repeats', async () => {
    const flaky = [0, 1, 2, 3, 4, 5, 6, 7].map((repeat) =>
      result({ testId: 'flaky', repeat, pass: repeat !== 3 }),
    );
    expect((await summarizeRun(sourceOf(flaky))).summary[0]?.passRate).toBe(7 / 8);
  });

  it('counts errors apart from failures, keeps unpriced apart from $0, and takes latency of answered cases only', async () => {
    const summary = await summarizeRun(
      sourceOf([
        result({ repeat: 0, latencyMs: 300 }),
        // a cached answer still costs what the model costs, so cost per 1k stays comparable
        result({ repeat: 1, pass: false, score: 0, latencyMs: 100, cacheHit: true }),
        result({
          repeat: 2,
          pass: false,
          score: 0,
          errorCode: 'E_HTTP_SERVER',
          costUsd: null,
          latencyMs: 5000,
          inputTokens: null,
          outputTokens: null,
        }),
        result({
          modelId: 'ollama:llama3',
          costUsd: null,
          judgeCostUsd: 0,
          inputTokens: null,
          outputTokens: null,
        }),
      ]),
    );
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
    // $0.002 over 2 answered calls of 1 case: $1 per 1,000 calls, $2 per 1,000 cases; the old name is per call
    expect(mini?.costPer1kCallsUsd).toBeCloseTo(1, 10);
    expect(mini?.costPer1kCasesUsd).toBeCloseTo(2, 10);
    expect(mini?.costPer1kUsd).toBeCloseTo(1, 10);
    expect(mini?.judgeCostUsd).toBeCloseTo(0.0003, 12);
    expect(mini?.tokens).toEqual({ input: 10, output: 5 });
    expect(local).toMatchObject({
      cases: 1,
      passed: 1,
      costUsd: null,
      costPer1kCallsUsd: null,
      costPer1kCasesUsd: null,
      costPer1kUsd: null,
      tokens: { input: null, output: null },
    });
    expect(summary.totals).toMatchObject({ cases: 2, results: 4, passed: 2, failed: 1, errors: 1 });
  });
});
