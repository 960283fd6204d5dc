// Read-only queries over gateway traces for `yardstick ui`: a filtered page newest first from a cursor (each
// filter has its own index, migration 3), one trace in full, spend per key or route per hour or day, and the
// keys' budgets. Nothing here reads a key's hash.
import type BetterSqlite3 from 'better-sqlite3';
import type {
  KeyBudgetRow,
  SpendBucket,
  TraceListFilter,
  TraceListRow,
  TraceQueries,
} from '../contract/trace-queries.js';
import { type RawTrace, toTrace } from './gateway-store.js';

const listColumns = `id, started_at, key_name, route, requested_model, endpoint, stream, status, provider, model,
  error_code, json_array_length(attempts_json) AS attempts, input_tokens, output_tokens, cost_usd, latency_ms,
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

/** The SQL of one page: only the filters given, so SQLite picks the index of the one that narrows it. */
export const traceListQuery = (
  filter: TraceListFilter,
): { sql: string; params: Record<string, string | number> } => {
  const where: string[] = [];
  const params: Record<string, string | number> = { limit: Math.max(1, Math.floor(filter.limit)) };
  const add = (condition: string, values: Record<string, string | number | undefined>): void => {
    if (Object.values(values).some((value) => value === undefined)) return;
    where.push(condition);
    Object.assign(params, values);
  };
  add('route = @route', { route: filter.route });
  add('key_name = @keyName', { keyName: filter.keyName });
  if (filter.model !== undefined) {
    const colon = filter.model.indexOf(':');
    if (colon > 0) {
      add('model = @model AND provider = @provider', {
        model: filter.model.slice(colon + 1),
        provider: filter.model.slice(0, colon),
      });
    } else add('model = @model', { model: filter.model });
  }
  // `status >= 400` alone, as written, is what lets SQLite use the partial index of errors
  if (filter.status === 'error') where.push('status >= 400');
  else if (filter.status === 'ok') where.push('status < 400');
  else add('status = @status', { status: filter.status });
  // the monitor's partial index of failed samples keeps this quick however many traces there are
  if (filter.monitorFailed) where.push('id IN (SELECT trace_id FROM monitor_samples WHERE pass = 0)');
  add('started_at >= @since', { since: filter.since });
  add('started_at < @until', { until: filter.until });
  if (filter.after) {
    add('(started_at, id) < (@afterAt, @afterId)', {
      afterAt: filter.after.startedAt,
      afterId: filter.after.id,
    });
  }
  const sql = `SELECT ${listColumns} FROM traces${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}
    ORDER BY started_at DESC, id DESC LIMIT @limit`;
  return { sql, params };
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
      const { sql, params } = traceListQuery(filter);
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
