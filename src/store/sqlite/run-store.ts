// The results store over one SQLite connection: runs, results as they arrive, and the queries reports need.
// Reads stream with `.iterate()` so a run of any size is read in flat memory.
import type BetterSqlite3 from 'better-sqlite3';
import type { RunStore } from '../contract/run-store.js';
import { type RunStatus, resultKey, type SkippedModelRow } from '../contract/store-types.js';
import {
  type RawAssertionRow,
  type RawResultRow,
  type RawRunRow,
  toAssertionRow,
  toResultRow,
  toRunRow,
} from '../rows/run-rows.js';
import { createResultRecorder } from './record-result.js';

/**
 * Starts the statement on the first `next()`, not before: an iterator nobody reads never holds the connection.
 * While one is open the connection is busy for writes (better-sqlite3 refuses them): reads while iterating are
 * fine, and a consumer that writes must finish or `return()` the iterator first.
 */
async function* mapRows<From, To>(
  rows: () => IterableIterator<From>,
  map: (row: From) => To,
): AsyncGenerator<To> {
  for (const row of rows()) yield map(row);
}

/** Wraps an open, migrated connection. `openSqliteStores` is the usual way in. */
export const createRunStore = (db: BetterSqlite3.Database): RunStore => {
  const statements = {
    insertRun: db.prepare<[string, string, string, string, string, string, number]>(
      `INSERT INTO runs (id, suite_name, suite_path, suite_hash, status, started_at, config_json, total_planned)
       VALUES (?, ?, ?, ?, 'running', ?, ?, ?)`,
    ),
    getRun: db.prepare<[string], RawRunRow>('SELECT * FROM runs WHERE id = ?'),
    listRuns: db.prepare<[number], RawRunRow>('SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT ?'),
    allRuns: db.prepare<[], RawRunRow>('SELECT * FROM runs ORDER BY started_at, id'),
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
    async createRun(run) {
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
    async getRun(id) {
      const row = statements.getRun.get(id);
      return row ? toRunRow(row) : undefined;
    },
    async listRuns(options = {}) {
      return statements.listRuns.all(options.limit ?? 20).map(toRunRow);
    },
    async markRunning(id) {
      statements.setStatus.run('running', null, id);
    },
    async claimRun(id, pid) {
      statements.claimRun.run(pid, new Date().toISOString(), id);
    },
    async setTotalPlanned(id, totalPlanned) {
      statements.setTotalPlanned.run(totalPlanned, id);
    },
    async finishRun(id, status, finishedAt) {
      statements.setStatus.run(status, finishedAt, id);
    },
    ...createResultRecorder(db),
    async completedResults(runId) {
      const outcomes = new Map<string, boolean>();
      for (const row of statements.completedResults.iterate(runId)) {
        outcomes.set(resultKey(row.prompt_id, row.model_id, row.test_id, row.repeat), row.pass === 1);
      }
      return outcomes;
    },
    async recordSkippedModel(runId, modelId, reason) {
      statements.upsertSkipped.run(runId, modelId, reason);
    },
    skippedModels: async (runId) => statements.skipped.all(runId),
    async clearSkippedModels(runId) {
      statements.clearSkipped.run(runId);
    },
    iterateRuns: () => mapRows(() => statements.allRuns.iterate(), toRunRow),
    iterateResults: (runId) => mapRows(() => statements.results.iterate(runId), toResultRow),
    assertionsForResult: async (resultId) => statements.assertionsForResult.all(resultId).map(toAssertionRow),
    iterateAssertions: (runId) => mapRows(() => statements.assertionsForRun.iterate(runId), toAssertionRow),
    countResults: async (runId) => statements.countResults.get(runId) ?? 0,
    flakyCases: async (runId) => statements.flakyCases.all(runId),
    skippedAssertions: async (runId) => statements.skippedAssertions.all(runId),
    async close() {
      if (db.open) db.close();
    },
  };
};
