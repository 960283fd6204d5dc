// Runs and their results in the store contract: results are written as they arrive, reads stream so a run of any
// size is read in flat memory. Every engine (SQLite, PostgreSQL) implements this interface the same way.
import type {
  AssertionRow,
  NewRun,
  ResultInput,
  ResultRow,
  RunRow,
  RunStatus,
  SkippedModelRow,
} from './store-types.js';

export interface RunStore {
  createRun(run: NewRun): Promise<void>;
  getRun(id: string): Promise<RunRow | undefined>;
  /** Newest first. */
  listRuns(options?: { limit?: number }): Promise<RunRow[]>;
  /** Every run, oldest first (by start time, then id); streams. For `store copy`. */
  iterateRuns(): AsyncIterable<RunRow>;
  /** Marks a run as running again (resume) and clears its finish time. */
  markRunning(id: string): Promise<void>;
  /** A resume may run models that were skipped before, so the planned total is recounted. */
  setTotalPlanned(id: string, totalPlanned: number): Promise<void>;
  /** Records that process `pid` is working on the run now; called again as a heartbeat. */
  claimRun(id: string, pid: number): Promise<void>;
  finishRun(id: string, status: Exclude<RunStatus, 'running'>, finishedAt: string): Promise<void>;
  /** Writes result, call and assertions atomically; false when that case was already stored (resume). */
  recordResult(result: ResultInput): Promise<boolean>;
  /** Several results in one transaction: all are written or none; false for each one already stored. */
  recordResults(results: ResultInput[]): Promise<boolean[]>;
  /** Every stored result of a run, errored ones included: its key (see `resultKey`) and whether it passed. */
  completedResults(runId: string): Promise<Map<string, boolean>>;
  recordSkippedModel(runId: string, modelId: string, reason: string): Promise<void>;
  skippedModels(runId: string): Promise<SkippedModelRow[]>;
  clearSkippedModels(runId: string): Promise<void>;
  /** Ordered by model, prompt, case and repeat. Streams: never holds the whole run in memory. */
  iterateResults(runId: string): AsyncIterable<ResultRow>;
  assertionsForResult(resultId: number): Promise<AssertionRow[]>;
  /** Every assertion row of a run, ordered by result id then index. */
  iterateAssertions(runId: string): AsyncIterable<AssertionRow>;
  countResults(runId: string): Promise<number>;
  /** Cases that passed some repeats and failed others (errors count as failures), per model and prompt. */
  flakyCases(
    runId: string,
  ): Promise<Array<{ modelId: string; promptId: string; testId: string; passed: number; repeats: number }>>;
  /** Assertions that could not run (judge or embedding model unavailable), grouped by kind and reason. */
  skippedAssertions(runId: string): Promise<Array<{ type: string; reason: string; count: number }>>;
  close(): Promise<void>;
}
