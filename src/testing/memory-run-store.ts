// A test double of the run store for the coordinator and worker unit tests only: runs, results (unique per key,
// like the real stores) and skipped models in memory. The end-to-end test uses the real PostgreSQL store.
import type { RunQueries, SummaryRow } from '../store/contract/run-queries.js';
import type { RunStore } from '../store/contract/run-store.js';
import { type ResultInput, type RunRow, resultKey } from '../store/contract/store-types.js';

const unused = (name: string) => (): never => {
  throw new Error(`memory run store: ${name} is not part of this test double`);
};

export interface MemoryRunStore {
  runs: RunStore;
  runQueries: RunQueries;
  results: Map<string, ResultInput>;
  /** Results offered for a key already stored (a call run twice). */
  duplicates: number;
}

export const createMemoryRunStore = (): MemoryRunStore => {
  const rows = new Map<string, RunRow>();
  const results = new Map<string, ResultInput>();
  const skipped = new Map<string, Array<{ modelId: string; reason: string }>>();
  const state = { duplicates: 0 };
  const runOf = (id: string): RunRow => {
    const row = rows.get(id);
    if (!row) throw new Error(`no run ${id}`);
    return row;
  };
  const ofRun = (runId: string) => [...results.values()].filter((result) => result.runId === runId);

  const runs: RunStore = {
    async createRun(run) {
      rows.set(run.id, {
        ...run,
        status: 'running',
        finishedAt: undefined,
        ownerPid: undefined,
        heartbeatAt: undefined,
      });
    },
    getRun: async (id) => rows.get(id),
    listRuns: async () => [...rows.values()],
    async markRunning(id) {
      runOf(id).status = 'running';
    },
    async setTotalPlanned(id, total) {
      runOf(id).totalPlanned = total;
    },
    async claimRun(id, pid) {
      const row = runOf(id);
      row.ownerPid = pid;
      row.heartbeatAt = new Date().toISOString();
    },
    async finishRun(id, status, finishedAt) {
      const row = runOf(id);
      row.status = status;
      row.finishedAt = finishedAt;
      row.ownerPid = undefined;
    },
    async recordResult(result) {
      const key = `${result.runId}\u0000${resultKey(result.promptId, result.modelId, result.testId, result.repeat)}`;
      if (results.has(key)) {
        state.duplicates += 1;
        return false;
      }
      results.set(key, result);
      return true;
    },
    async recordResults(batch) {
      const stored: boolean[] = [];
      for (const result of batch) stored.push(await runs.recordResult(result));
      return stored;
    },
    completedResults: async (runId) =>
      new Map(
        ofRun(runId).map((result) => [
          resultKey(result.promptId, result.modelId, result.testId, result.repeat),
          result.errorCode === undefined && result.pass,
        ]),
      ),
    async recordSkippedModel(runId, modelId, reason) {
      skipped.set(runId, [...(skipped.get(runId) ?? []), { modelId, reason }]);
    },
    skippedModels: async (runId) => skipped.get(runId) ?? [],
    async clearSkippedModels(runId) {
      skipped.delete(runId);
    },
    iterateRuns: unused('iterateRuns'),
    iterateResults: unused('iterateResults'),
    assertionsForResult: unused('assertionsForResult'),
    iterateAssertions: unused('iterateAssertions'),
    countResults: async (runId) => ofRun(runId).length,
    flakyCases: unused('flakyCases'),
    skippedAssertions: unused('skippedAssertions'),
    close: async () => {},
  } as RunStore;

  const summaryRow = (result: ResultInput): SummaryRow => ({
    modelId: result.modelId,
    promptId: result.promptId,
    testId: result.testId,
    repeat: result.repeat,
    pass: result.errorCode === undefined ? (result.pass ? 1 : 0) : null,
    errorCode: result.errorCode ?? null,
    errorMessage: result.errorMessage ?? null,
    latencyMs: result.latencyMs ?? null,
    ttftMs: result.ttftMs ?? null,
    costUsd: result.costUsd ?? null,
    judgeCostUsd: result.judgeCostUsd ?? null,
    inputTokens: result.usage?.inputTokens ?? null,
    outputTokens: result.usage?.outputTokens ?? null,
    cachedInputTokens: null,
    reasoningTokens: null,
    cacheHit: result.cacheHit ? 1 : 0,
  });

  const runQueries = {
    async *summaryRows(runId: string) {
      for (const result of ofRun(runId)) yield summaryRow(result);
    },
    runsPage: unused('runsPage'),
    suiteNames: unused('suiteNames'),
    casePage: unused('casePage'),
    modelsOf: unused('modelsOf'),
    caseResults: unused('caseResults'),
  } as RunQueries;

  return {
    runs,
    runQueries,
    results,
    get duplicates() {
      return state.duplicates;
    },
  };
};
