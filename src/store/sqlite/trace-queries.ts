// Read-only queries over gateway traces for `yardstick ui`: a filtered page newest first from a cursor (each
// filter has its own index, migration 3), one trace in full, spend per key or route per hour or day, and the
// keys' budgets. Nothing here reads a key's hash.
import type BetterSqlite3 from 'better-sqlite3';
import type { KeyBudgetRow, SpendBucket, TraceListFilter, TraceQueries } from '../contract/trace-queries.js';
import { type RawTrace, toTrace } from '../rows/gateway-rows.js';
import { type RawListRow, type TraceListSql, toListRow, traceListQuery } from '../rows/trace-list.js';

const sqliteList: TraceListSql = {
  placeholder: (index) => `@p${index}`,
  attemptsCount: 'json_array_length(attempts_json)',
};

/** The SQL of one page with its values named `p1`, `p2`… as better-sqlite3 binds them. */
export const sqliteTraceListQuery = (
  filter: TraceListFilter,
): { sql: string; params: Record<string, string | number> } => {
  const { sql, values } = traceListQuery(filter, sqliteList);
  return { sql, params: Object.fromEntries(values.map((value, index) => [`p${index + 1}`, value])) };
};

export const createTraceQueries = (db: BetterSqlite3.Database): TraceQueries => {
  const statements = new Map<string, BetterSqlite3.Statement<Record<string, string | number>, unknown>>();
  const prepared = <Row>(sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare<Record<string, string | number>, unknown>(sql);
      statements.set(sql, statement);
    }
    return statement as BetterSqlite3.Statement<Record<string, string | number>, Row>;
  };
  const trace = db.prepare<[string], RawTrace>('SELECT * FROM traces WHERE id = ?');
  const spend = db.prepare<[string, string], { spend: number | null }>(
    'SELECT SUM(cost_usd) AS spend FROM traces WHERE key_id = ? AND started_at >= ?',
  );
  const keys = db.prepare<[], KeyBudgetRow>(
    `SELECT id, name, created_at AS createdAt, expires_at AS expiresAt, revoked_at AS revokedAt,
            budget_usd AS budgetUsd, budget_period AS budgetPeriod
     FROM api_keys ORDER BY name, created_at`,
  );

  return {
    async tracesPage(filter) {
      const { sql, params } = sqliteTraceListQuery(filter);
      return prepared<RawListRow>(sql).all(params).map(toListRow);
    },
    async trace(id) {
      const raw = trace.get(id);
      return raw === undefined ? undefined : toTrace(raw);
    },
    spendSince: async (keyId, since) => spend.get(keyId, since)?.spend ?? 0,
    async spendBuckets({ by, bucket, since, until }) {
      const group = by === 'key' ? 'key_name' : 'route';
      const width = bucket === 'hour' ? 13 : 10;
      const sql = `SELECT ${group} AS "group", substr(started_at, 1, ${width}) AS bucket,
          COALESCE(SUM(cost_usd), 0) AS costUsd, COUNT(*) AS requests,
          SUM(CASE WHEN cost_usd IS NULL THEN 1 ELSE 0 END) AS unpriced
        FROM traces WHERE started_at >= @since AND started_at < @until
        GROUP BY 1, 2 ORDER BY 1, 2`;
      return prepared<SpendBucket>(sql).all({ since, until });
    },
    keys: async () => keys.all(),
  };
};
