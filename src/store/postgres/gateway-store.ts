// The gateway's keys and traces in PostgreSQL, shared by every replica: a key's name is checked and the key
// written under one row lock, every key write bumps a version any replica reads cheaply, and traces go in as one
// bulk insert per batch that skips ids already stored (a replayed spool batch is harmless).
import type { GatewayStore, TraceInput } from '../contract/gateway-store.js';
import { type RawKey, type RawTrace, toKey, toTrace } from '../rows/gateway-rows.js';
import { pageRows } from './page-rows.js';
import { type PgDatabase, type SqlValue, storableText } from './pg-database.js';
import { unnestInsert } from './record-results.js';

type TraceColumn = readonly [name: string, type: string, value: (trace: TraceInput) => SqlValue];

const traceColumns: TraceColumn[] = [
  ['id', 'text', (trace) => trace.id],
  ['started_at', 'text', (trace) => trace.startedAt],
  ['key_id', 'text', (trace) => trace.keyId],
  ['key_name', 'text', (trace) => trace.keyName],
  ['route', 'text', (trace) => trace.route],
  ['requested_model', 'text', (trace) => storableText(trace.requestedModel)],
  ['endpoint', 'text', (trace) => trace.endpoint],
  ['stream', 'int2', (trace) => (trace.stream ? 1 : 0)],
  ['status', 'int4', (trace) => trace.status],
  ['provider', 'text', (trace) => trace.provider],
  ['model', 'text', (trace) => storableText(trace.model)],
  ['error_code', 'text', (trace) => trace.errorCode],
  ['error_message', 'text', (trace) => storableText(trace.errorMessage)],
  ['attempts_json', 'text', (trace) => JSON.stringify(trace.attempts)],
  ['input_tokens', 'int8', (trace) => trace.inputTokens],
  ['cached_input_tokens', 'int8', (trace) => trace.cachedInputTokens],
  ['output_tokens', 'int8', (trace) => trace.outputTokens],
  ['reasoning_tokens', 'int8', (trace) => trace.reasoningTokens],
  ['cost_usd', 'float8', (trace) => trace.costUsd],
  ['ttft_ms', 'float8', (trace) => trace.ttftMs],
  ['latency_ms', 'float8', (trace) => trace.latencyMs],
  ['cache_hit', 'int2', (trace) => (trace.cacheHit ? 1 : 0)],
  ['request_json', 'text', (trace) => storableText(trace.requestJson)],
  ['response_json', 'text', (trace) => storableText(trace.responseJson)],
];

const insertTracesSql = `${unnestInsert('traces', traceColumns)} ON CONFLICT (id) DO NOTHING`;
/** Traces per statement: bounds one statement's memory on both ends; a gateway batch is usually smaller. */
const tracesPerStatement = 5_000;
const tracePageSize = 1_000;

const traceArrays = (traces: readonly TraceInput[]): SqlValue[] =>
  traceColumns.map(([, , value]) => traces.map((trace) => value(trace) as string | number | null));

export const createPgGatewayStore = (database: PgDatabase): GatewayStore => {
  const { query } = database;
  return {
    insertKey(key) {
      return database.transaction(async (client) => {
        // every key write locks this one row first: two replicas cannot both take a name
        await client.query('SELECT version FROM key_version WHERE id = 1 FOR UPDATE');
        const same = await client.query<RawKey>(
          'SELECT * FROM api_keys WHERE name = $1 AND revoked_at IS NULL ORDER BY created_at, id LIMIT 1',
          [key.name],
        );
        const [existing] = same.rows;
        if (existing !== undefined) return { inserted: false as const, sameName: toKey(existing) };
        await client.query(
          `INSERT INTO api_keys (id, name, secret_sha256, created_at, expires_at, revoked_at, budget_usd,
             budget_period, rpm, tpm, routes_json)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            key.id,
            key.name,
            key.secretSha256,
            key.createdAt,
            key.expiresAt,
            key.revokedAt,
            key.budgetUsd,
            key.budgetPeriod,
            key.rpm,
            key.tpm,
            key.routes === null ? null : JSON.stringify(key.routes),
          ],
        );
        await client.query('UPDATE key_version SET version = version + 1 WHERE id = 1');
        return { inserted: true as const };
      });
    },
    async getKey(id) {
      const [raw] = await query<RawKey>('SELECT * FROM api_keys WHERE id = $1', [id]);
      return raw === undefined ? undefined : toKey(raw);
    },
    async keysVersion() {
      const [row] = await query<{ version: number }>('SELECT version FROM key_version WHERE id = 1');
      return row?.version ?? 0;
    },
    async listKeys() {
      return (await query<RawKey>('SELECT * FROM api_keys ORDER BY created_at, id')).map(toKey);
    },
    revokeKey(id, at) {
      return database.transaction(async (client) => {
        await client.query('SELECT version FROM key_version WHERE id = 1 FOR UPDATE');
        const revoked = await client.query(
          'UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL',
          [at, id],
        );
        if (revoked.rowCount !== 1) return false;
        await client.query('UPDATE key_version SET version = version + 1 WHERE id = 1');
        return true;
      });
    },
    async insertTraces(traces) {
      if (traces.length === 0) return;
      if (traces.length <= tracesPerStatement) {
        await query(insertTracesSql, traceArrays(traces));
        return;
      }
      await database.transaction(async (client) => {
        for (let start = 0; start < traces.length; start += tracesPerStatement) {
          await client.query(
            insertTracesSql,
            traceArrays(traces.slice(start, start + tracesPerStatement)) as unknown[],
          );
        }
      });
    },
    async spendSince(keyId, since) {
      const [row] = await query<{ spend: number | null }>(
        'SELECT SUM(cost_usd) AS spend FROM traces WHERE key_id = $1 AND started_at >= $2',
        [keyId, since],
      );
      return row?.spend ?? 0;
    },
    async *traces(filter) {
      const where: string[] = [];
      const params: SqlValue[] = [];
      const add = (condition: (slot: string) => string, value: SqlValue): void => {
        params.push(value);
        where.push(condition(`$${params.length}`));
      };
      if (filter.since) add((slot) => `started_at >= ${slot}`, filter.since);
      if (filter.route) add((slot) => `route = ${slot}`, filter.route);
      if (filter.keyName) add((slot) => `key_name = ${slot}`, filter.keyName);
      if (filter.errorsOnly) where.push('status >= 400');
      let remaining = filter.limit ? Math.floor(filter.limit) : Number.POSITIVE_INFINITY;
      const at = params.length;
      const pages = pageRows<RawTrace>((last) => {
        const size = Math.min(tracePageSize, remaining);
        const conditions =
          last === undefined ? where : [...where, `(started_at, id) < ($${at + 1}, $${at + 2})`];
        const values = last === undefined ? params : [...params, last.started_at, last.id];
        return query<RawTrace>(
          `SELECT * FROM traces${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''}
           ORDER BY started_at DESC, id DESC LIMIT ${size}`,
          values,
        );
      }, tracePageSize);
      for await (const raw of pages) {
        if (remaining <= 0) return;
        remaining -= 1;
        yield toTrace(raw);
      }
    },
    async countTraces() {
      const [row] = await query<{ count: number }>('SELECT COUNT(*) AS count FROM traces');
      return row?.count ?? 0;
    },
    close: () => database.close(),
  };
};
