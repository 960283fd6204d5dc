// Read-only, paged queries over runs and results in PostgreSQL, for `yardstick ui`: runs newest first from a
// cursor, a run's cases a page at a time, one case's results, and the summary rows streamed by keyset.
import type { CaseCell, RunQueries, SummaryRow } from '../contract/run-queries.js';
import { type RawResultRow, type RawRunRow, toResultRow, toRunRow } from '../rows/run-rows.js';
import { pageRows } from './page-rows.js';
import type { PgDatabase, SqlValue } from './pg-database.js';

const summaryPageSize = 2_000;

const summaryColumns = `model_id AS "modelId", prompt_id AS "promptId", test_id AS "testId", repeat, pass,
  error_code AS "errorCode", error_message AS "errorMessage", latency_ms AS "latencyMs", ttft_ms AS "ttftMs",
  cost_usd AS "costUsd", judge_cost_usd AS "judgeCostUsd", input_tokens AS "inputTokens",
  output_tokens AS "outputTokens", cached_input_tokens AS "cachedInputTokens",
  reasoning_tokens AS "reasoningTokens", cache_hit AS "cacheHit"`;

export const createPgRunQueries = (database: PgDatabase): RunQueries => {
  const { query } = database;
  return {
    async runsPage(filter) {
      const where: string[] = [];
      const params: SqlValue[] = [];
      const slot = (value: SqlValue): string => {
        params.push(value);
        return `$${params.length}`;
      };
      if (filter.suite !== undefined) where.push(`suite_name = ${slot(filter.suite)}`);
      if (filter.status !== undefined) where.push(`status = ${slot(filter.status)}`);
      if (filter.since !== undefined) where.push(`started_at >= ${slot(filter.since)}`);
      if (filter.until !== undefined) where.push(`started_at < ${slot(filter.until)}`);
      if (filter.model !== undefined) {
        where.push(
          `EXISTS (SELECT 1 FROM results r WHERE r.run_id = runs.id AND r.model_id = ${slot(filter.model)})`,
        );
      }
      if (filter.after) {
        where.push(`(started_at, id) < (${slot(filter.after.startedAt)}, ${slot(filter.after.id)})`);
      }
      const limit = slot(Math.max(1, Math.floor(filter.limit)));
      const rows = await query<RawRunRow>(
        `SELECT * FROM runs${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}
         ORDER BY started_at DESC, id DESC LIMIT ${limit}`,
        params,
      );
      return rows.map(toRunRow);
    },
    async suiteNames() {
      const rows = await query<{ suite_name: string }>(
        'SELECT DISTINCT suite_name FROM runs ORDER BY suite_name LIMIT 1000',
      );
      return rows.map((row) => row.suite_name);
    },
    async casePage(runId, options) {
      const limit = Math.max(1, Math.floor(options.limit));
      const having = options.failingOnly ? 'HAVING SUM(CASE WHEN pass = 1 THEN 1 ELSE 0 END) < COUNT(*)' : '';
      const idRows = await query<{ test_id: string }>(
        `SELECT test_id FROM results WHERE run_id = $1 AND test_id > $2 GROUP BY test_id ${having}
         ORDER BY test_id LIMIT $3`,
        [runId, options.after ?? '', limit],
      );
      const ids = idRows.map((row) => row.test_id);
      const byCase = new Map<string, CaseCell[]>(ids.map((id) => [id, []]));
      if (ids.length === 0) return { caseIds: ids, cells: byCase };
      const cells = await query<{
        test_id: string;
        model_id: string;
        prompt_id: string;
        passed: number;
        runs: number;
        errors: number;
      }>(
        `SELECT test_id, model_id, prompt_id, SUM(CASE WHEN pass = 1 THEN 1 ELSE 0 END) AS passed,
                COUNT(*) AS runs, SUM(CASE WHEN error_code IS NULL THEN 0 ELSE 1 END) AS errors
         FROM results WHERE run_id = $1 AND test_id = ANY($2::text[])
         GROUP BY test_id, model_id, prompt_id ORDER BY test_id, model_id, prompt_id`,
        [runId, ids],
      );
      for (const row of cells) {
        byCase.get(row.test_id)?.push({
          modelId: row.model_id,
          promptId: row.prompt_id,
          passed: row.passed,
          runs: row.runs,
          errors: row.errors,
        });
      }
      return { caseIds: ids, cells: byCase };
    },
    modelsOf: (runId) =>
      query<{ model: string; prompt: string }>(
        `SELECT DISTINCT model_id AS model, prompt_id AS prompt FROM results WHERE run_id = $1
         ORDER BY model_id, prompt_id`,
        [runId],
      ),
    summaryRows(runId) {
      return pageRows<SummaryRow>(
        (last) =>
          last === undefined
            ? query(
                `SELECT ${summaryColumns} FROM results WHERE run_id = $1
                 ORDER BY model_id, prompt_id, test_id, repeat LIMIT $2`,
                [runId, summaryPageSize],
              )
            : query(
                `SELECT ${summaryColumns} FROM results WHERE run_id = $1
                   AND (model_id, prompt_id, test_id, repeat) > ($2, $3, $4, $5)
                 ORDER BY model_id, prompt_id, test_id, repeat LIMIT $6`,
                [runId, last.modelId, last.promptId, last.testId, last.repeat, summaryPageSize],
              ),
        summaryPageSize,
      );
    },
    async caseResults(runId, caseId, modelId, promptId) {
      const rows = await query<RawResultRow>(
        `SELECT * FROM results WHERE run_id = $1 AND prompt_id = $2 AND model_id = $3 AND test_id = $4
         ORDER BY repeat`,
        [runId, promptId, modelId, caseId],
      );
      return rows.map(toResultRow);
    },
  };
};
