// Read-only queries over gateway traces in PostgreSQL, for `yardstick ui`: a filtered page newest first from a
// cursor (each filter has its index, migration 3), one trace in full, spend per key or route per hour or day, and
// the keys' budgets. Nothing here reads a key's hash.
import type { KeyBudgetRow, SpendBucket, TraceQueries } from '../contract/trace-queries.js';
import { type RawTrace, toTrace } from '../rows/gateway-rows.js';
import { type RawListRow, type TraceListSql, toListRow, traceListQuery } from '../rows/trace-list.js';
import type { PgDatabase } from './pg-database.js';

const pgList: TraceListSql = {
  placeholder: (index) => `$${index}`,
  attemptsCount: 'json_array_length(attempts_json::json)',
};

export const createPgTraceQueries = (database: PgDatabase): TraceQueries => {
  const { query } = database;
  return {
    async tracesPage(filter) {
      const { sql, values } = traceListQuery(filter, pgList);
      return (await query<RawListRow>(sql, values)).map(toListRow);
    },
    async trace(id) {
      const [raw] = await query<RawTrace>('SELECT * FROM traces WHERE id = $1', [id]);
      return raw === undefined ? undefined : toTrace(raw);
    },
    async spendSince(keyId, since) {
      const [row] = await query<{ spend: number | null }>(
        'SELECT SUM(cost_usd) AS spend FROM traces WHERE key_id = $1 AND started_at >= $2',
        [keyId, since],
      );
      return row?.spend ?? 0;
    },
    spendBuckets({ by, bucket, since, until }) {
      const group = by === 'key' ? 'key_name' : 'route';
      const width = bucket === 'hour' ? 13 : 10;
      return query<SpendBucket>(
        `SELECT ${group} AS "group", substr(started_at, 1, ${width}) AS bucket,
           COALESCE(SUM(cost_usd), 0) AS "costUsd", COUNT(*) AS requests,
           SUM(CASE WHEN cost_usd IS NULL THEN 1 ELSE 0 END) AS unpriced
         FROM traces WHERE started_at >= $1 AND started_at < $2
         -- SQLite sorts NULL first; PostgreSQL, unless told, last
         GROUP BY 1, 2 ORDER BY 1 NULLS FIRST, 2`,
        [since, until],
      );
    },
    keys: () =>
      query<KeyBudgetRow>(
        `SELECT id, name, created_at AS "createdAt", expires_at AS "expiresAt", revoked_at AS "revokedAt",
                budget_usd AS "budgetUsd", budget_period AS "budgetPeriod"
         FROM api_keys ORDER BY name, created_at`,
      ),
  };
};
