// The gateway's part of the SQLite store: API keys (only a hash of each secret is kept) and one trace per request.
import type BetterSqlite3 from 'better-sqlite3';
import type { ApiKeyRow, GatewayStore, TraceInput } from '../contract/gateway-store.js';
import { type RawKey, type RawTrace, toKey, toTrace } from '../rows/gateway-rows.js';

export const createGatewayStore = (db: BetterSqlite3.Database): GatewayStore => {
  const statements = {
    insertKey: db.prepare(
      `INSERT INTO api_keys (id, name, secret_sha256, created_at, expires_at, revoked_at, budget_usd,
         budget_period, rpm, tpm, routes_json)
       VALUES (@id, @name, @secretSha256, @createdAt, @expiresAt, @revokedAt, @budgetUsd, @budgetPeriod,
         @rpm, @tpm, @routesJson)`,
    ),
    getKey: db.prepare<[string], RawKey>('SELECT * FROM api_keys WHERE id = ?'),
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    listKeys: db.prepare<[], RawKey>('SELECT * FROM api_keys ORDER BY created_at, id'),
    liveByName: db.prepare<[string], RawKey>(
      'SELECT * FROM api_keys WHERE name = ? AND revoked_at IS NULL ORDER BY created_at, id LIMIT 1',
    ),
    revoke: db.prepare<[string, string]>(
      'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    ),
    // a trace already stored (a spooled batch written again) is skipped, as the contract says
    insertTrace: db.prepare(
      `INSERT OR IGNORE INTO traces (id, started_at, key_id, key_name, route, requested_model, endpoint, stream, status,
         provider, model, error_code, error_message, attempts_json, input_tokens, cached_input_tokens,
         output_tokens, reasoning_tokens, cost_usd, ttft_ms, latency_ms, cache_hit, request_json, response_json)
       VALUES (@id, @startedAt, @keyId, @keyName, @route, @requestedModel, @endpoint, @stream, @status,
         @provider, @model, @errorCode, @errorMessage, @attemptsJson, @inputTokens, @cachedInputTokens,
         @outputTokens, @reasoningTokens, @costUsd, @ttftMs, @latencyMs, @cacheHit, @requestJson, @responseJson)`,
    ),
    countTraces: db.prepare<[], number>('SELECT COUNT(*) FROM traces').pluck(),
    spend: db.prepare<[string, string], { spend: number | null }>(
      'SELECT SUM(cost_usd) AS spend FROM traces WHERE key_id = ? AND started_at >= ?',
    ),
  };
  const insertTraces = db.transaction((traces: TraceInput[]) => {
    for (const trace of traces) {
      statements.insertTrace.run({
        ...trace,
        stream: trace.stream ? 1 : 0,
        cacheHit: trace.cacheHit ? 1 : 0,
        attemptsJson: JSON.stringify(trace.attempts),
      });
    }
  });
  // the name is checked and the key written under one write lock, so two processes cannot both take a name
  const insertKey = db.transaction((key: ApiKeyRow) => {
    const same = statements.liveByName.get(key.name);
    if (same !== undefined) return { inserted: false as const, sameName: toKey(same) };
    statements.insertKey.run({ ...key, routesJson: key.routes === null ? null : JSON.stringify(key.routes) });
    return { inserted: true as const };
  });
  let keyWrites = 0;
  return {
    async insertKey(key) {
      const outcome = insertKey.immediate(key);
      keyWrites += 1;
      return outcome;
    },
    // a commit by any other connection (`keys revoke` in another process) changes data_version; a key written
    // through this one does not, so those writes are counted here
    async keysVersion() {
      return (statements.dataVersion.get() ?? 0) + keyWrites * 2 ** 32;
    },
    async getKey(id) {
      const raw = statements.getKey.get(id);
      return raw === undefined ? undefined : toKey(raw);
    },
    async listKeys() {
      return statements.listKeys.all().map(toKey);
    },
    async revokeKey(id, at) {
      keyWrites += 1;
      return statements.revoke.run(at, id).changes === 1;
    },
    async insertTraces(traces) {
      insertTraces(traces);
    },
    countTraces: async () => statements.countTraces.get() ?? 0,
    async spendSince(keyId, since) {
      return statements.spend.get(keyId, since)?.spend ?? 0;
    },
    async *traces(filter) {
      const where: string[] = [];
      const params: Record<string, string | number> = {};
      if (filter.since) {
        where.push('started_at >= @since');
        params.since = filter.since;
      }
      if (filter.route) {
        where.push('route = @route');
        params.route = filter.route;
      }
      if (filter.keyName) {
        where.push('key_name = @keyName');
        params.keyName = filter.keyName;
      }
      if (filter.errorsOnly) where.push('status >= 400');
      const sql = `SELECT * FROM traces${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}
        ORDER BY started_at DESC, id DESC${filter.limit ? ` LIMIT ${Math.floor(filter.limit)}` : ''}`;
      for (const raw of db.prepare<Record<string, string | number>, RawTrace>(sql).iterate(params)) {
        yield toTrace(raw);
      }
    },
    async close() {
      if (db.open) db.close();
    },
  };
};
