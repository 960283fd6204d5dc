// Read-only queries over gateway traces in PostgreSQL, for `yardstick ui`: a filtered page newest first from a
// cursor (each filter has its index, migration 3), one trace in full, spend per key or route per hour or day, and
// the keys' budgets. Nothing here reads a key's hash.
import type {
  KeyBudgetRow,
  SpendBucket,
  TraceListFilter,
  TraceListRow,
  TraceQueries,
} from '../contract/trace-queries.js';
import type { PgDatabase, SqlValue } from './pg-database.js';
import { type RawTrace, toTrace } from './to-rows.js';

const listColumns = `id, started_at, key_name, route, requested_model, endpoint, stream, status, provider, model,
  error_code, json_array_length(attempts_json::json) AS attempts, input_tokens, output_tokens, cost_usd, latency_ms,
  cache_hit`;

interface RawListRow {
  id: string;
  started_at: string;
  key_name: string | null;
  route: string | null;
  requested_model: string | null;
  endpoint: string;
  stream: number;
  status: number;
  provider: string | null;
  model: string | null;
  error_code: string | null;
  attempts: number;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  latency_ms: number;
  cache_hit: number;
}

const toListRow = (raw: RawListRow): TraceListRow => ({
  id: raw.id,
  startedAt: raw.started_at,
  keyName: raw.key_name,
  route: raw.route,
  requestedModel: raw.requested_model,
  endpoint: raw.endpoint,
  stream: raw.stream === 1,
  status: raw.status,
  provider: raw.provider,
  model: raw.model,
  errorCode: raw.error_code,
  attempts: raw.attempts,
  inputTokens: raw.input_tokens,
  outputTokens: raw.output_tokens,
  costUsd: raw.cost_usd,
  latencyMs: raw.latency_ms,
  cacheHit: raw.cache_hit === 1,
});

/** The SQL of one page: only the filters given, so the planner picks the index of the one that narrows it. */
export const pgTraceListQuery = (filter: TraceListFilter): { sql: string; params: SqlValue[] } => {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const slot = (value: SqlValue): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.route !== undefined) where.push(`route = ${slot(filter.route)}`);
  if (filter.keyName !== undefined) where.push(`key_name = ${slot(filter.keyName)}`);
  if (filter.model !== undefined) {
    const colon = filter.model.indexOf(':');
    if (colon > 0) {
      where.push(
        `model = ${slot(filter.model.slice(colon + 1))} AND provider = ${slot(filter.model.slice(0, colon))}`,
      );
    } else where.push(`model = ${slot(filter.model)}`);
  }
  // `status >= 400` as a literal is what matches the partial index of errors
  if (filter.status === 'error') where.push('status >= 400');
  else if (filter.status === 'ok') where.push('status < 400');
  else if (filter.status !== undefined) where.push(`status = ${slot(filter.status)}`);
  if (filter.monitorFailed) where.push('id IN (SELECT trace_id FROM monitor_samples WHERE pass = 0)');
  if (filter.since !== undefined) where.push(`started_at >= ${slot(filter.since)}`);
  if (filter.until !== undefined) where.push(`started_at < ${slot(filter.until)}`);
  if (filter.after)
    where.push(`(started_at, id) < (${slot(filter.after.startedAt)}, ${slot(filter.after.id)})`);
  const limit = slot(Math.max(1, Math.floor(filter.limit)));
  const sql = `SELECT ${listColumns} FROM traces${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}
    ORDER BY started_at DESC, id DESC LIMIT ${limit}`;
  return { sql, params };
};

export const createPgTraceQueries = (database: PgDatabase): TraceQueries => {
  const { query } = database;
  return {
    async tracesPage(filter) {
      const { sql, params } = pgTraceListQuery(filter);
      return (await query<RawListRow>(sql, params)).map(toListRow);
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
