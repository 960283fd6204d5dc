// Builds the per-model summary in one streamed pass over the results: counts, Wilson interval, cost, percentiles, tokens.
// The case is the unit: with repeats, each case counts by its estimated per-call pass probability (its pass
// fraction, or after `--repeat auto` the unbiased estimate of case-estimate.ts), so a case repeated more often
// weighs no more than any other, and repeats sharpen a case's score without pretending the suite has more cases.
import { percentile } from '../stats/percentile.js';
import { wilsonInterval } from '../stats/wilson-interval.js';
import { type AutoRepeat, caseEstimate } from './case-estimate.js';
import type { ReportSource } from './report-source.js';
import type { RunSummary, SummaryRow } from './run-summary.js';

interface Accumulator {
  model: string;
  prompt: string;
  results: number;
  cases: number;
  /** Sum over finished cases of their scores (case-estimate.ts). */
  fractionSum: number;
  /** The case being read (results come ordered by case), and its counts so far. */
  caseId: string | undefined;
  casePassed: number;
  caseRuns: number;
  passed: number;
  errors: number;
  costSum: number;
  priced: number;
  answered: number;
  judgeCost: number;
  latencies: number[];
  ttfts: number[];
  inputSum: number;
  inputCount: number;
  outputSum: number;
  outputCount: number;
}

const fresh = (model: string, prompt: string): Accumulator => ({
  model,
  prompt,
  results: 0,
  cases: 0,
  fractionSum: 0,
  caseId: undefined,
  casePassed: 0,
  caseRuns: 0,
  passed: 0,
  errors: 0,
  costSum: 0,
  priced: 0,
  answered: 0,
  judgeCost: 0,
  latencies: [],
  ttfts: [],
  inputSum: 0,
  inputCount: 0,
  outputSum: 0,
  outputCount: 0,
});

const closeCase = (acc: Accumulator, autoRepeat: AutoRepeat | undefined): void => {
  if (acc.caseRuns === 0) return;
  acc.cases += 1;
  acc.fractionSum += caseEstimate(acc.casePassed, acc.caseRuns, autoRepeat);
  acc.casePassed = 0;
  acc.caseRuns = 0;
};

const toRow = (acc: Accumulator, autoRepeat: AutoRepeat | undefined): SummaryRow => {
  closeCase(acc, autoRepeat);
  const latencies = acc.latencies.sort((a, b) => a - b);
  const ttfts = acc.ttfts.sort((a, b) => a - b);
  // a model is priced only when every answered case has a cost; a partial sum would understate it
  const priced = acc.answered > 0 && acc.priced === acc.answered;
  const perCall = priced ? (acc.costSum / acc.answered) * 1000 : null;
  return {
    model: acc.model,
    prompt: acc.prompt,
    cases: acc.cases,
    results: acc.results,
    passed: acc.passed,
    failed: acc.results - acc.passed - acc.errors,
    errors: acc.errors,
    passRate: acc.cases === 0 ? 0 : acc.fractionSum / acc.cases,
    // the sum of fractions can exceed the case count by rounding dust
    passRateCi95: wilsonInterval(Math.min(acc.fractionSum, acc.cases), acc.cases),
    costUsd: priced ? acc.costSum : null,
    costPer1kCallsUsd: perCall,
    costPer1kCasesUsd: priced && acc.cases > 0 ? (acc.costSum / acc.cases) * 1000 : null,
    costPer1kUsd: perCall,
    judgeCostUsd: acc.judgeCost,
    latencyMs: { p50: percentile(latencies, 50) ?? null, p95: percentile(latencies, 95) ?? null },
    ttftMs: { p50: percentile(ttfts, 50) ?? null },
    tokens: {
      input: acc.inputCount > 0 ? acc.inputSum / acc.inputCount : null,
      output: acc.outputCount > 0 ? acc.outputSum / acc.outputCount : null,
    },
  };
};

export const summarizeRun = async (source: ReportSource): Promise<RunSummary> => {
  const groups = new Map<string, Accumulator>();
  for await (const result of source.results()) {
    const key = `${result.modelId}\u0000${result.promptId}`;
    let acc = groups.get(key);
    if (!acc) {
      acc = fresh(result.modelId, result.promptId);
      groups.set(key, acc);
    }
    if (result.testId !== acc.caseId) {
      closeCase(acc, source.autoRepeat);
      acc.caseId = result.testId;
    }
    acc.results += 1;
    acc.caseRuns += 1;
    acc.judgeCost += result.judgeCostUsd;
    if (result.pass) acc.casePassed += 1;
    if (result.errorCode !== null) {
      acc.errors += 1;
      continue;
    }
    if (result.pass) acc.passed += 1;
    acc.answered += 1;
    acc.latencies.push(result.latencyMs);
    if (result.ttftMs !== null) acc.ttfts.push(result.ttftMs);
    if (result.costUsd !== null) {
      acc.priced += 1;
      acc.costSum += result.costUsd;
    }
    if (result.inputTokens !== null) {
      acc.inputSum += result.inputTokens;
      acc.inputCount += 1;
    }
    if (result.outputTokens !== null) {
      acc.outputSum += result.outputTokens;
      acc.outputCount += 1;
    }
  }
  const summary = [...groups.values()].map((acc) => toRow(acc, source.autoRepeat));
  const cases = summary.reduce((sum, row) => sum + row.cases, 0);
  const results = summary.reduce((sum, row) => sum + row.results, 0);
  const fractionSum = summary.reduce((sum, row) => sum + row.passRate * row.cases, 0);
  const passed = summary.reduce((sum, row) => sum + row.passed, 0);
  const failed = summary.reduce((sum, row) => sum + row.failed, 0);
  const errors = summary.reduce((sum, row) => sum + row.errors, 0);
  return {
    run: source.run,
    summary,
    skipped: source.skipped,
    skippedAssertions: source.skippedAssertions,
    flaky: source.flaky,
    totals: { cases, results, passed, failed, errors, passRate: cases === 0 ? 0 : fractionSum / cases },
    ...(source.autoRepeat
      ? {
          repeats: {
            mode: 'auto' as const,
            maxRepeats: source.autoRepeat.maxRepeats,
            calls: results,
            fixedCalls: cases * source.autoRepeat.maxRepeats,
            savedCalls: cases * source.autoRepeat.maxRepeats - results,
          },
        }
      : {}),
  };
};
