// Adapts the store to what the reports read, so reports never depend on the store's row shapes elsewhere.

import type { ReportResult, ReportSource } from '../scorecard/report-source.js';
import type { AssertionOutcome } from '../spec/assertion.js';
import { assertionKinds } from '../spec/assertion.js';
import { YardstickError } from '../spec/errors.js';
import type { RunStore } from '../store/contract/run-store.js';
import type { AssertionRow, ResultRow } from '../store/contract/store-types.js';

const kinds = new Set<string>(assertionKinds);

const toOutcome = (row: AssertionRow): AssertionOutcome => ({
  type: (kinds.has(row.type) ? row.type : 'javascript') as AssertionOutcome['type'],
  ...(row.label ? { label: row.label } : {}),
  pass: row.pass,
  score: row.score,
  weight: row.weight,
  reason: row.reason,
  ...(row.judgeCostUsd !== undefined ? { judgeCostUsd: row.judgeCostUsd } : {}),
  ...(row.skipped ? { skipped: true } : {}),
});

const toReportResult = (row: ResultRow, store: RunStore): ReportResult => ({
  promptId: row.promptId,
  modelId: row.modelId,
  testId: row.testId,
  repeat: row.repeat,
  pass: row.pass === true,
  score: row.score ?? 0,
  output: row.output ?? '',
  toolCalls: row.toolCalls,
  errorCode: row.errorCode ?? null,
  errorMessage: row.errorMessage ?? null,
  latencyMs: row.latencyMs ?? 0,
  ttftMs: row.ttftMs ?? null,
  costUsd: row.costUsd ?? null,
  judgeCostUsd: row.judgeCostUsd ?? 0,
  inputTokens: row.usage.inputTokens ?? null,
  outputTokens: row.usage.outputTokens ?? null,
  cachedInputTokens: row.usage.cachedInputTokens ?? null,
  reasoningTokens: row.usage.reasoningTokens ?? null,
  cacheHit: row.cacheHit,
  finishReason: row.finishReason?.unified ?? null,
  finishReasonRaw: row.finishReason?.raw ?? null,
  assertions: async () => (await store.assertionsForResult(row.id)).map(toOutcome),
});

/** The run's settings as stored; a run stored before `--repeat auto` existed simply has no such flag. */
const autoRepeatOf = (config: unknown): { autoRepeat?: { maxRepeats: number } } => {
  if (typeof config !== 'object' || config === null) return {};
  const { repeatAuto, repeat } = config as { repeatAuto?: unknown; repeat?: unknown };
  return repeatAuto === true && typeof repeat === 'number' ? { autoRepeat: { maxRepeats: repeat } } : {};
};

/** Reads the run's header and small aggregates now; `results()` streams the results afresh on each call. */
export const storeReportSource = async (store: RunStore, runId: string): Promise<ReportSource> => {
  const run = await store.getRun(runId);
  if (!run) throw new YardstickError('E_CONFIG', `no run "${runId}" in the store`);
  return {
    run: {
      id: run.id,
      suite: run.suiteName,
      suitePath: run.suitePath,
      status: run.status,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt ?? null,
    },
    ...autoRepeatOf(run.config),
    skipped: (await store.skippedModels(runId)).map((row) => ({ model: row.modelId, reason: row.reason })),
    skippedAssertions: await store.skippedAssertions(runId),
    flaky: (await store.flakyCases(runId)).map((row) => ({
      model: row.modelId,
      prompt: row.promptId,
      caseId: row.testId,
      passed: row.passed,
      repeats: row.repeats,
    })),
    async *results() {
      for await (const row of store.iterateResults(runId)) yield toReportResult(row, store);
    },
  };
};
