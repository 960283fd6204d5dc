// Read-only, paged queries over runs and results for `yardstick ui`: runs newest first from a cursor, a run's
// cases a page at a time, and one case's results. Every list reads by an index (migration 3), never OFFSET.
import type BetterSqlite3 from 'better-sqlite3';
import type { CaseCell, RunQueries, SummaryRow } from '../contract/run-queries.js';

import { type RawResultRow, type RawRunRow, toResultRow, toRunRow } from '../rows/run-rows.js';

export const createRunQueries = (db: BetterSqlite3.Database): RunQueries => {
  const statements = new Map<string, BetterSqlite3.Statement<Record<string, string | number>, RawRunRow>>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare<Record<string, string | number>, RawRunRow>(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const suiteNames = db
    .prepare<[], string>('SELECT DISTINCT suite_name FROM runs ORDER BY suite_name LIMIT 1000')
    .pluck();
  const caseIds = db
    .prepare<[string, string, number], string>(
      `SELECT test_id FROM results WHERE run_id = ? AND test_id > ? GROUP BY test_id ORDER BY test_id LIMIT ?`,
    )
    .pluck();
  const failingCaseIds = db
    .prepare<[string, string, number], string>(
      `SELECT test_id FROM results WHERE run_id = ? AND test_id > ? GROUP BY test_id
       HAVING SUM(CASE WHEN pass = 1 THEN 1 ELSE 0 END) < COUNT(*) ORDER BY test_id LIMIT ?`,
    )
    .pluck();
  const cells = db.prepare<
    [string, string],
    { test_id: string; model_id: string; prompt_id: string; passed: number; runs: number; errors: number }
  >(
    `SELECT test_id, model_id, prompt_id, SUM(CASE WHEN pass = 1 THEN 1 ELSE 0 END) AS passed, COUNT(*) AS runs,
            SUM(CASE WHEN error_code IS NULL THEN 0 ELSE 1 END) AS errors
     FROM results WHERE run_id = ? AND test_id IN (SELECT value FROM json_each(?))
     GROUP BY test_id, model_id, prompt_id`,
  );
  const modelsOf = db.prepare<[string], { model: string; prompt: string }>(
    `SELECT DISTINCT model_id AS model, prompt_id AS prompt FROM results WHERE run_id = ?
     ORDER BY model_id, prompt_id`,
  );
  const summaryRows = db.prepare<[string], SummaryRow>(
    `SELECT model_id AS modelId, prompt_id AS promptId, test_id AS testId, repeat, pass, error_code AS errorCode,
            error_message AS errorMessage, latency_ms AS latencyMs, ttft_ms AS ttftMs, cost_usd AS costUsd,
            judge_cost_usd AS judgeCostUsd, input_tokens AS inputTokens, output_tokens AS outputTokens,
            cached_input_tokens AS cachedInputTokens, reasoning_tokens AS reasoningTokens, cache_hit AS cacheHit
     FROM results WHERE run_id = ? ORDER BY model_id, prompt_id, test_id, repeat`,
  );
  const caseResults = db.prepare<[string, string, string, string], RawResultRow>(
    `SELECT * FROM results WHERE run_id = ? AND prompt_id = ? AND model_id = ? AND test_id = ? ORDER BY repeat`,
  );

  return {
    async runsPage(filter) {
      const where: string[] = [];
      const params: Record<string, string | number> = { limit: Math.max(1, Math.floor(filter.limit)) };
      const add = (condition: string, name: string, value: string | undefined): void => {
        if (value === undefined) return;
        where.push(condition);
        params[name] = value;
      };
      add('suite_name = @suite', 'suite', filter.suite);
      add('status = @status', 'status', filter.status);
      add('started_at >= @since', 'since', filter.since);
      add('started_at < @until', 'until', filter.until);
      add(
        'EXISTS (SELECT 1 FROM results r WHERE r.run_id = runs.id AND r.model_id = @model)',
        'model',
        filter.model,
      );
      if (filter.after) {
        where.push('(started_at, id) < (@afterAt, @afterId)');
        params.afterAt = filter.after.startedAt;
        params.afterId = filter.after.id;
      }
      const sql = `SELECT * FROM runs${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}
        ORDER BY started_at DESC, id DESC LIMIT @limit`;
      return prepared(sql).all(params).map(toRunRow);
    },
    suiteNames: async () => suiteNames.all(),
    async casePage(runId, options) {
      const limit = Math.max(1, Math.floor(options.limit));
      const ids = (options.failingOnly ? failingCaseIds : caseIds).all(runId, options.after ?? '', limit);
      const byCase = new Map<string, CaseCell[]>(ids.map((id) => [id, []]));
      for (const row of cells.iterate(runId, JSON.stringify(ids))) {
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
    modelsOf: async (runId) => modelsOf.all(runId),
    async *summaryRows(runId) {
      yield* summaryRows.iterate(runId);
    },
    caseResults: async (runId, caseId, modelId, promptId) =>
      caseResults.all(runId, promptId, modelId, caseId).map(toResultRow),
  };
};
