// Issue 9, row A: after `--repeat auto` the reported pass rate estimates what a fixed `--repeat <maxRepeats>`
// estimates, without the pull towards 0 or 1 that stopping a case early gives passes/runs. Simulated in process
// with the runner's own stopping rule and the real summary: 400 cases passing each call with p = 0.8, at most
// 10 repeats, 20 seeded runs. One run's auto pass rate has a standard error of about 0.009, so the mean of 20
// has about 0.002: the bound of 0.01 is five standard errors, while passes/runs is 0.05 off.
import { describe, expect, it } from 'vitest';
import { isCaseDecided } from '../stats/is-case-decided.js';
import { seededRandom } from '../stats/seeded-random.js';
import { streamOf } from '../testing/collect.js';
import type { ReportResult, ReportSource } from './report-source.js';
import { summarizeRun } from './summarize-run.js';

const cases = 400;
const maxRepeats = 10;
const truth = 0.8;
const runs = 20;

const resultOf = (testId: string, repeat: number, pass: boolean): ReportResult => ({
  promptId: 'p',
  modelId: 'm',
  testId,
  repeat,
  pass,
  score: pass ? 1 : 0,
  output: '',
  toolCalls: [],
  errorCode: null,
  errorMessage: null,
  latencyMs: 1,
  ttftMs: null,
  costUsd: null,
  judgeCostUsd: 0,
  inputTokens: null,
  outputTokens: null,
  cachedInputTokens: null,
  reasoningTokens: null,
  cacheHit: false,
  finishReason: 'stop',
  finishReasonRaw: null,
  assertions: async () => [],
});

const sourceOf = (results: ReportResult[], autoRepeat?: { maxRepeats: number }): ReportSource => ({
  run: { id: 'r', suite: 's', suitePath: '/s', status: 'completed', startedAt: '', finishedAt: null },
  skipped: [],
  skippedAssertions: [],
  flaky: [],
  ...(autoRepeat ? { autoRepeat } : {}),
  results: () => streamOf(results),
});

/** One run both ways on the same calls: every case's 10 outcomes (fixed), and the prefix auto would have made. */
const simulate = (seed: number): { auto: ReportResult[]; fixed: ReportResult[]; naive: number } => {
  const random = seededRandom(seed);
  const auto: ReportResult[] = [];
  const fixed: ReportResult[] = [];
  let naiveSum = 0;
  for (let index = 0; index < cases; index++) {
    const outcomes = Array.from({ length: maxRepeats }, () => random() < truth);
    outcomes.forEach((pass, repeat) => {
      fixed.push(resultOf(`c${index}`, repeat, pass));
    });
    // the runner's rounds: every case once, then again while undecided, up to the maximum
    let passed = 0;
    let made = 0;
    while (made < maxRepeats && (made === 0 || !isCaseDecided(passed, made))) {
      const pass = outcomes[made] === true;
      auto.push(resultOf(`c${index}`, made, pass));
      if (pass) passed += 1;
      made += 1;
    }
    naiveSum += passed / made;
  }
  return { auto, fixed, naive: naiveSum / cases };
};

describe('row A: --repeat auto reports the pass rate a fixed --repeat would, without bias', () => {
  it('averages within 0.01 of the fixed runs and of the truth over 20 runs, each interval covering 0.8', async () => {
    let autoSum = 0;
    let fixedSum = 0;
    let naiveSum = 0;
    let calls = 0;
    for (let run = 0; run < runs; run++) {
      const { auto, fixed, naive } = simulate(1000 + run);
      const autoRow = (await summarizeRun(sourceOf(auto, { maxRepeats }))).summary[0];
      const fixedRow = (await summarizeRun(sourceOf(fixed))).summary[0];
      if (!autoRow || !fixedRow) throw new Error('no summary row');
      autoSum += autoRow.passRate;
      fixedSum += fixedRow.passRate;
      naiveSum += naive;
      calls += auto.length;
      expect(autoRow.passRateCi95[0]).toBeLessThan(truth);
      expect(autoRow.passRateCi95[1]).toBeGreaterThan(truth);
    }
    expect(Math.abs(autoSum / runs - fixedSum / runs)).toBeLessThan(0.01);
    expect(Math.abs(autoSum / runs - truth)).toBeLessThan(0.01);
    // what passes/runs would say after the same stopping: about 0.851
    expect(naiveSum / runs - truth).toBeGreaterThan(0.04);
    // and the calls auto saves stay saved: about 28% at p = 0.8
    expect(1 - calls / (runs * cases * maxRepeats)).toBeGreaterThan(0.25);
  });
});
