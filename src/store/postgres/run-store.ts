// Runs and their results in PostgreSQL: results written as they arrive (record-results.ts), reads streamed by
// keyset pages so a run of any size is read in flat memory.
import type { RunStore } from '../contract/run-store.js';
import { type AssertionRow, resultKey, type SkippedModelRow } from '../contract/store-types.js';
import {
  type RawAssertionRow,
  type RawResultRow,
  type RawRunRow,
  toAssertionRow,
  toResultRow,
  toRunRow,
} from '../rows/run-rows.js';
import { pageRows } from './page-rows.js';
import type { PgDatabase } from './pg-database.js';
import { createResultWriter } from './record-results.js';

const resultsPageSize = 1_000;
/** Results per page of iterateAssertions: a page reads the assertions of this many results. */
const assertionResultsPageSize = 500;

export const createPgRunStore = (database: PgDatabase): RunStore => {
  const { query } = database;
  const setStatus = (id: string, status: string, finishedAt: string | null) =>
    query('UPDATE runs SET status = $1, finished_at = $2 WHERE id = $3', [status, finishedAt, id]);

  return {
    async createRun(run) {
      await query(
        `INSERT INTO runs (id, suite_name, suite_path, suite_hash, status, started_at, config_json, total_planned)
         VALUES ($1, $2, $3, $4, 'running', $5, $6, $7)`,
        [
          run.id,
          run.suiteName,
          run.suitePath,
          run.suiteHash,
          run.startedAt,
          JSON.stringify(run.config ?? null),
          run.totalPlanned,
        ],
      );
    },
    async getRun(id) {
      const [row] = await query<RawRunRow>('SELECT * FROM runs WHERE id = $1', [id]);
      return row ? toRunRow(row) : undefined;
    },
    async listRuns(options = {}) {
      const rows = await query<RawRunRow>('SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT $1', [
        Math.max(0, Math.floor(options.limit ?? 20)),
      ]);
      return rows.map(toRunRow);
    },
    async *iterateRuns() {
      const pages = pageRows<RawRunRow>((last) =>
        last === undefined
          ? query('SELECT * FROM runs ORDER BY started_at, id LIMIT $1', [resultsPageSize])
          : query('SELECT * FROM runs WHERE (started_at, id) > ($1, $2) ORDER BY started_at, id LIMIT $3', [
              last.started_at,
              last.id,
              resultsPageSize,
            ]),
      );
      for await (const row of pages) yield toRunRow(row);
    },
    async markRunning(id) {
      await setStatus(id, 'running', null);
    },
    async setTotalPlanned(id, totalPlanned) {
      await query('UPDATE runs SET total_planned = $1 WHERE id = $2', [totalPlanned, id]);
    },
    async claimRun(id, pid) {
      await query('UPDATE runs SET owner_pid = $1, heartbeat_at = $2 WHERE id = $3', [
        pid,
        new Date().toISOString(),
        id,
      ]);
    },
    async finishRun(id, status, finishedAt) {
      await setStatus(id, status, finishedAt);
    },
    ...createResultWriter(database),
    async completedResults(runId) {
      const outcomes = new Map<string, boolean>();
      const rows = await query<{
        prompt_id: string;
        model_id: string;
        test_id: string;
        repeat: number;
        pass: number | null;
      }>('SELECT prompt_id, model_id, test_id, repeat, pass FROM results WHERE run_id = $1', [runId]);
      for (const row of rows) {
        outcomes.set(resultKey(row.prompt_id, row.model_id, row.test_id, row.repeat), row.pass === 1);
      }
      return outcomes;
    },
    async recordSkippedModel(runId, modelId, reason) {
      await query(
        `INSERT INTO skipped_models (run_id, model_id, reason) VALUES ($1, $2, $3)
         ON CONFLICT (run_id, model_id) DO UPDATE SET reason = excluded.reason`,
        [runId, modelId, reason],
      );
    },
    skippedModels: (runId) =>
      query<SkippedModelRow>(
        'SELECT model_id AS "modelId", reason FROM skipped_models WHERE run_id = $1 ORDER BY model_id',
        [runId],
      ),
    async clearSkippedModels(runId) {
      await query('DELETE FROM skipped_models WHERE run_id = $1', [runId]);
    },
    async *iterateResults(runId) {
      // the unique key's index is in this order, so each page is an index range read
      const pages = pageRows<RawResultRow>(
        (last) =>
          last === undefined
            ? query(
                `SELECT * FROM results WHERE run_id = $1
               ORDER BY model_id, prompt_id, test_id, repeat LIMIT $2`,
                [runId, resultsPageSize],
              )
            : query(
                `SELECT * FROM results WHERE run_id = $1
                 AND (model_id, prompt_id, test_id, repeat) > ($2, $3, $4, $5)
               ORDER BY model_id, prompt_id, test_id, repeat LIMIT $6`,
                [runId, last.model_id, last.prompt_id, last.test_id, last.repeat, resultsPageSize],
              ),
        resultsPageSize,
      );
      for await (const row of pages) yield toResultRow(row);
    },
    async assertionsForResult(resultId) {
      const rows = await query<RawAssertionRow>(
        'SELECT * FROM assertion_results WHERE result_id = $1 ORDER BY idx',
        [resultId],
      );
      return rows.map(toAssertionRow);
    },
    async *iterateAssertions(runId): AsyncGenerator<AssertionRow> {
      // a page of the run's result ids (index results_run_id), then their assertions by primary key
      const idPages = pageRows<{ id: number }>(
        (last) =>
          query('SELECT id FROM results WHERE run_id = $1 AND id > $2 ORDER BY id LIMIT $3', [
            runId,
            last?.id ?? -1,
            assertionResultsPageSize,
          ]),
        assertionResultsPageSize,
      );
      let ids: number[] = [];
      const flush = async (): Promise<AssertionRow[]> => {
        const rows = await query<RawAssertionRow>(
          'SELECT * FROM assertion_results WHERE result_id = ANY($1::bigint[]) ORDER BY result_id, idx',
          [ids],
        );
        ids = [];
        return rows.map(toAssertionRow);
      };
      for await (const { id } of idPages) {
        ids.push(id);
        if (ids.length >= assertionResultsPageSize) yield* await flush();
      }
      if (ids.length > 0) yield* await flush();
    },
    async countResults(runId) {
      const [row] = await query<{ count: number }>(
        'SELECT COUNT(*) AS count FROM results WHERE run_id = $1',
        [runId],
      );
      return row?.count ?? 0;
    },
    flakyCases: (runId) =>
      query(
        `SELECT model_id AS "modelId", prompt_id AS "promptId", test_id AS "testId",
                SUM(CASE WHEN pass = 1 THEN 1 ELSE 0 END) AS passed, COUNT(*) AS repeats
         FROM results WHERE run_id = $1 GROUP BY model_id, prompt_id, test_id
         HAVING COUNT(*) > 1 AND SUM(CASE WHEN pass = 1 THEN 1 ELSE 0 END) > 0
            AND SUM(CASE WHEN pass = 1 THEN 1 ELSE 0 END) < COUNT(*)
         ORDER BY model_id, prompt_id, test_id`,
        [runId],
      ),
    skippedAssertions: (runId) =>
      query(
        `SELECT a.type AS type, a.reason AS reason, COUNT(*) AS count FROM assertion_results a
         JOIN results r ON r.id = a.result_id WHERE r.run_id = $1 AND a.skipped = 1
         GROUP BY a.type, a.reason ORDER BY count DESC, a.type, a.reason`,
        [runId],
      ),
    close: () => database.close(),
  };
};
