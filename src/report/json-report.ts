// The run JSON (`--output run.json`): run, summary, skipped models and every result with its assertions. See docs/output.md.
import type { ReportResult, ReportSource } from '../scorecard/report-source.js';
import type { RunSummary } from '../scorecard/run-summary.js';
import type { AssertionOutcome } from '../spec/assertion.js';
import { writeChunks } from './write-lines.js';

export const toJsonResult = (result: ReportResult, assertions: AssertionOutcome[]) => ({
  caseId: result.testId,
  model: result.modelId,
  prompt: result.promptId,
  repeat: result.repeat,
  pass: result.pass,
  score: result.score,
  output: result.output,
  toolCalls: result.toolCalls,
  error: result.errorCode === null ? null : { code: result.errorCode, message: result.errorMessage },
  latencyMs: result.latencyMs,
  ttftMs: result.ttftMs,
  costUsd: result.costUsd,
  judgeCostUsd: result.judgeCostUsd,
  tokens: {
    input: result.inputTokens,
    output: result.outputTokens,
    cachedInput: result.cachedInputTokens,
    reasoning: result.reasoningTokens,
  },
  cacheHit: result.cacheHit,
  finishReason: result.finishReason,
  finishReasonRaw: result.finishReasonRaw,
  assertions: assertions.map((outcome) => ({
    type: outcome.type,
    ...(outcome.label ? { label: outcome.label } : {}),
    pass: outcome.pass,
    score: outcome.score,
    weight: outcome.weight,
    reason: outcome.reason,
    ...(outcome.skipped ? { skipped: true } : {}),
  })),
});

async function* jsonChunks(summary: RunSummary, source: ReportSource): AsyncGenerator<string> {
  const { run } = summary;
  const header = {
    version: 1,
    run: {
      id: run.id,
      suite: run.suite,
      suitePath: run.suitePath,
      status: run.status,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
    },
    totals: summary.totals,
    summary: summary.summary,
    skipped: summary.skipped,
    skippedAssertions: summary.skippedAssertions,
    flaky: summary.flaky,
    ...(summary.repeats ? { repeats: summary.repeats } : {}),
    ...(summary.volume ? { volume: summary.volume } : {}),
    ...(summary.threshold !== undefined ? { threshold: summary.threshold } : {}),
    ...(summary.recommendation ? { recommendation: summary.recommendation } : {}),
  };
  const opening = JSON.stringify(header, null, 2);
  yield `${opening.slice(0, opening.lastIndexOf('}')).trimEnd()},\n  "results": [`;
  let first = true;
  for await (const result of source.results()) {
    yield `${first ? '\n' : ',\n'}    ${JSON.stringify(toJsonResult(result, await result.assertions()))}`;
    first = false;
  }
  yield first ? ']\n}\n' : '\n  ]\n}\n';
}

export const writeJsonReport = (file: string, summary: RunSummary, source: ReportSource): Promise<void> =>
  writeChunks(file, jsonChunks(summary, source));
