// One row of the UI's trace list as both engines read it, and the SQL of a page: the columns and the conditions
// (only the filters given, so the planner picks the index of the one that narrows it). Each engine supplies its
// placeholder syntax and how it reads a JSON array's length.
import type { TraceListFilter, TraceListRow } from '../contract/trace-queries.js';
import type { RawTrace } from './gateway-rows.js';

/** The trace columns the list shows, with the number of attempts in place of the attempts themselves. */
export type RawListRow = Pick<
  RawTrace,
  | 'id'
  | 'started_at'
  | 'key_name'
  | 'route'
  | 'requested_model'
  | 'endpoint'
  | 'stream'
  | 'status'
  | 'provider'
  | 'model'
  | 'error_code'
  | 'input_tokens'
  | 'output_tokens'
  | 'cost_usd'
  | 'latency_ms'
  | 'cache_hit'
> & { attempts: number };

export const toListRow = (raw: RawListRow): TraceListRow => ({
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

export interface TraceListSql {
  /** Turns the n-th value (from 1) into the engine's placeholder: `$1` for PostgreSQL, `@p1` for SQLite. */
  placeholder: (index: number) => string;
  /** The number of attempts from `attempts_json`, in the engine's JSON functions. */
  attemptsCount: string;
}

/** The SQL of one page newest first and its values in placeholder order. */
export const traceListQuery = (
  filter: TraceListFilter,
  engine: TraceListSql,
): { sql: string; values: (string | number)[] } => {
  const where: string[] = [];
  const values: (string | number)[] = [];
  const slot = (value: string | number): string => {
    values.push(value);
    return engine.placeholder(values.length);
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
  // `status >= 400` as a literal is what lets either planner use the partial index of errors
  if (filter.status === 'error') where.push('status >= 400');
  else if (filter.status === 'ok') where.push('status < 400');
  else if (filter.status !== undefined) where.push(`status = ${slot(filter.status)}`);
  // the monitor's partial index of failed samples keeps this quick however many traces there are
  if (filter.monitorFailed) where.push('id IN (SELECT trace_id FROM monitor_samples WHERE pass = 0)');
  if (filter.since !== undefined) where.push(`started_at >= ${slot(filter.since)}`);
  if (filter.until !== undefined) where.push(`started_at < ${slot(filter.until)}`);
  if (filter.after) {
    where.push(`(started_at, id) < (${slot(filter.after.startedAt)}, ${slot(filter.after.id)})`);
  }
  const limit = slot(Math.max(1, Math.floor(filter.limit)));
  const columns = `id, started_at, key_name, route, requested_model, endpoint, stream, status, provider, model,
    error_code, ${engine.attemptsCount} AS attempts, input_tokens, output_tokens, cost_usd, latency_ms, cache_hit`;
  const sql = `SELECT ${columns} FROM traces${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}
    ORDER BY started_at DESC, id DESC LIMIT ${limit}`;
  return { sql, values };
};
