// The results store over one SQLite connection: runs, results as they arrive, and the queries reports need.
// Reads stream with `.iterate()` so a run of any size is read in flat memory.
import type BetterSqlite3 from 'better-sqlite3';
import {
  type AssertionRow,
  type NewRun,
  type ResultInput,
  type ResultRow,
  type RunRow,
  type RunStatus,
  resultKey,
  type SkippedModelRow,
} from './contract/store-types.js';
import { createResultRecorder } from './record-result.js';
import {
  type RawAssertionRow,
  type RawResultRow,
  type RawRunRow,
  toAssertionRow,
  toResultRow,
  toRunRow,
} from './to-result-row.js';

export interface Store {
  createRun(run: NewRun): void;
  getRun(id: string): RunRow | undefined;
  /** Newest first. */
  listRuns(options?: { limit?: number }): RunRow[];
  /** Marks a run as running again (resume) and clears its finish time. */
  markRunning(id: string): void;
  /** A resume may run models that were skipped before, so the planned total is recounted. */
  setTotalPlanned(id: string, totalPlanned: number): void;
  /** Records that process `pid` is working on the run now; called again as a heartbeat. */
  claimRun(id: string, pid: number): void;
  finishRun(id: string, status: Exclude<RunStatus, 'running'>, finishedAt: string): void;
  /** Writes result, call and assertions atomically; false when that case was already stored (resume). */
  recordResult(result: ResultInput): boolean;
  /** Several results in one transaction: all are written or none. */
  recordResults(results: ResultInput[]): boolean[];
  /** Every stored result of a run, errored ones included: its key (see `resultKey`) and whether it passed. */
  completedResults(runId: string): Map<string, boolean>;
  recordSkippedModel(runId: string, modelId: string, reason: string): void;
  skippedModels(runId: string): SkippedModelRow[];
  clearSkippedModels(runId: string): void;
  /** In insertion order. Read-only use of the store is fine while iterating; writes are not. */
  iterateResults(runId: string): IterableIterator<ResultRow>;
  assertionsForResult(resultId: number): AssertionRow[];
  /** Every assertion row of a run, ordered by result id then index. */
  iterateAssertions(runId: string): IterableIterator<AssertionRow>;
  countResults(runId: string): number;
  /** Cases that passed some repeats and failed others (errors count as failures), per model and prompt. */
  flakyCases(
    runId: string,
  ): Array<{ modelId: string; promptId: string; testId: string; passed: number; repeats: number }>;
  /** Assertions that could not run (judge or embedding model unavailable), grouped by kind and reason. */
  skippedAssertions(runId: string): Array<{ type: string; reason: string; count: number }>;
  close(): void;
}

function* mapIterator<From, To>(rows: IterableIterator<From>, map: (row: From) => To): IterableIterator<To> {
  for (const row of rows) yield map(row);
}

/** Wraps an open, migrated connection. `openStore` is the usual way in. */
export const createStore = (db: BetterSqlite3.Database): Store => {
  const statements = {
    insertRun: db.prepare<[string, string, string, string, string, string, number]>(
      `INSERT INTO runs (id, suite_name, suite_path, suite_hash, status, started_at, config_json, total_planned)
       VALUES (?, ?, ?, ?, 'running', ?, ?, ?)`,
    ),
    getRun: db.prepare<[string], RawRunRow>('SELECT * FROM runs WHERE id = ?'),
    listRuns: db.prepare<[number], RawRunRow>('SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT ?'),
    setStatus: db.prepare<[RunStatus, string | null, string]>(
      'UPDATE runs SET status = ?, finished_at = ? WHERE id = ?',
    ),
    completedResults: db.prepare<
      [string],
      { prompt_id: string; model_id: string; test_id: string; repeat: number; pass: number }
    >('SELECT prompt_id, model_id, test_id, repeat, pass FROM results WHERE run_id = ?'),
    upsertSkipped: db.prepare<[string, string, string]>(
      `INSERT INTO skipped_models (run_id, model_id, reason) VALUES (?, ?, ?)
       ON CONFLICT (run_id, model_id) DO UPDATE SET reason = excluded.reason`,
    ),
    skipped: db.prepare<[string], SkippedModelRow>(
      'SELECT model_id AS modelId, reason FROM skipped_models WHERE run_id = ? ORDER BY model_id',
    ),
    claimRun: db.prepare<[number, string, string]>(
      'UPDATE runs SET owner_pid = ?, heartbeat_at = ? WHERE id = ?',
    ),
    setTotalPlanned: db.prepare<[number, string]>('UPDATE runs SET total_planned = ? WHERE id = ?'),
    clearSkipped: db.prepare<[string]>('DELETE FROM skipped_models WHERE run_id = ?'),
    results: db.prepare<[string], RawResultRow>(
      'SELECT * FROM results WHERE run_id = ? ORDER BY model_id, prompt_id, test_id, repeat',
    ),
    assertionsForResult: db.prepare<[number], RawAssertionRow>(
      'SELECT * FROM assertion_results WHERE result_id = ? ORDER BY idx',
    ),
    assertionsForRun: db.prepare<[string], RawAssertionRow>(
      `SELECT a.* FROM assertion_results a JOIN results r ON r.id = a.result_id
       WHERE r.run_id = ? ORDER BY a.result_id, a.idx`,
    ),
    skippedAssertions: db.prepare<[string], { type: string; reason: string; count: number }>(
      `SELECT a.type AS type, a.reason AS reason, COUNT(*) AS count FROM assertion_results a
       JOIN results r ON r.id = a.result_id WHERE r.run_id = ? AND a.skipped = 1
       GROUP BY a.type, a.reason ORDER BY count DESC`,
    ),
    flakyCases: db.prepare<
      [string],
      { modelId: string; promptId: string; testId: string; passed: number; repeats: number }
    >(
      `SELECT model_id AS modelId, prompt_id AS promptId, test_id AS testId,
              SUM(CASE WHEN pass = 1 THEN 1 ELSE 0 END) AS passed, COUNT(*) AS repeats
       FROM results WHERE run_id = ? GROUP BY model_id, prompt_id, test_id
       HAVING repeats > 1 AND passed > 0 AND passed < repeats
       ORDER BY model_id, prompt_id, test_id`,
    ),
    countResults: db.prepare<[string], number>('SELECT COUNT(*) FROM results WHERE run_id = ?').pluck(),
  };

  return {
    createRun(run) {
      const config = JSON.stringify(run.config ?? null);
      statements.insertRun.run(
        run.id,
        run.suiteName,
        run.suitePath,
        run.suiteHash,
        run.startedAt,
        config,
        run.totalPlanned,
      );
    },
    getRun(id) {
      const row = statements.getRun.get(id);
      return row ? toRunRow(row) : undefined;
    },
    listRuns(options = {}) {
      return statements.listRuns.all(options.limit ?? 20).map(toRunRow);
    },
    markRunning(id) {
      statements.setStatus.run('running', null, id);
    },
    claimRun(id, pid) {
      statements.claimRun.run(pid, new Date().toISOString(), id);
    },
    setTotalPlanned(id, totalPlanned) {
      statements.setTotalPlanned.run(totalPlanned, id);
    },
    finishRun(id, status, finishedAt) {
      statements.setStatus.run(status, finishedAt, id);
    },
    ...createResultRecorder(db),
    completedResults(runId) {
      const outcomes = new Map<string, boolean>();
      for (const row of statements.completedResults.iterate(runId)) {
        outcomes.set(resultKey(row.prompt_id, row.model_id, row.test_id, row.repeat), row.pass === 1);
      }
      return outcomes;
    },
    recordSkippedModel(runId, modelId, reason) {
      statements.upsertSkipped.run(runId, modelId, reason);
    },
    skippedModels: (runId) => statements.skipped.all(runId),
    clearSkippedModels(runId) {
      statements.clearSkipped.run(runId);
    },
    iterateResults: (runId) => mapIterator(statements.results.iterate(runId), toResultRow),
    assertionsForResult: (resultId) => statements.assertionsForResult.all(resultId).map(toAssertionRow),
    iterateAssertions: (runId) => mapIterator(statements.assertionsForRun.iterate(runId), toAssertionRow),
    countResults: (runId) => statements.countResults.get(runId) ?? 0,
    flakyCases: (runId) => statements.flakyCases.all(runId),
    skippedAssertions: (runId) => statements.skippedAssertions.all(runId),
    close() {
      if (db.open) db.close();
    },
  };
};
