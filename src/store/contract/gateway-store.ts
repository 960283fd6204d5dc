// The gateway's part of the store contract: API keys (only a hash of each secret is kept) and one trace per request.

export type BudgetPeriod = 'day' | 'month';

export interface ApiKeyRow {
  id: string;
  name: string;
  secretSha256: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  budgetUsd: number | null;
  budgetPeriod: BudgetPeriod | null;
  rpm: number | null;
  tpm: number | null;
  /** Route names this key may use; null for every route. */
  routes: string[] | null;
}

export interface TraceAttempt {
  provider: string;
  model: string;
  /** HTTP status the upstream answered, or 0 when none (network error, timeout). */
  status: number;
  latencyMs: number;
  error: string | null;
  /**
   * A route's cascade on this attempt's answer: it passed the checks, failed them so the next target answered
   * (`escalated`), failed them on the last target and was served anyway, or was not checked (a stream).
   */
  cascade?: 'passed' | 'escalated' | 'failed-last' | 'skipped-stream';
  /** Fields of the client's request this target could not take, dropped on a `dropUnsupported` route. */
  droppedFields?: string[];
}

export interface TraceInput {
  id: string;
  startedAt: string;
  keyId: string | null;
  keyName: string | null;
  route: string | null;
  requestedModel: string | null;
  endpoint: string;
  stream: boolean;
  /** The status the client got. */
  status: number;
  provider: string | null;
  model: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  attempts: TraceAttempt[];
  inputTokens: number | null;
  cachedInputTokens: number | null;
  outputTokens: number | null;
  reasoningTokens: number | null;
  costUsd: number | null;
  ttftMs: number | null;
  latencyMs: number;
  cacheHit: boolean;
  requestJson: string | null;
  responseJson: string | null;
}

export interface TraceRow extends TraceInput {}

export interface TraceFilter {
  since?: string;
  route?: string;
  keyName?: string;
  errorsOnly?: boolean;
  limit?: number;
}

export interface GatewayStore {
  /**
   * Inserts the key unless a live (unrevoked) key already has its name; then inserts nothing and returns that
   * key. Names are what `keys revoke` and traces go by, so two live keys never share one.
   */
  insertKey(key: ApiKeyRow): Promise<{ inserted: true } | { inserted: false; sameName: ApiKeyRow }>;
  getKey(id: string): Promise<ApiKeyRow | undefined>;
  /**
   * Changes whenever keys may have changed: a write by any connection or process (`keys revoke` elsewhere).
   * Cheaper than reading a key, so a reader can cache keys and still apply a revocation at the next request.
   */
  keysVersion(): Promise<number>;
  listKeys(): Promise<ApiKeyRow[]>;
  /** Revokes the key with this id, if it is live; false when there is none. */
  revokeKey(id: string, at: string): Promise<boolean>;
  /** Traces in one transaction (one multi-row insert where the engine has it); a trace already stored is skipped. */
  insertTraces(traces: TraceInput[]): Promise<void>;
  /** Spend of a key since `since` (ISO time), from its traces. */
  spendSince(keyId: string, since: string): Promise<number>;
  /** Newest first. */
  traces(filter: TraceFilter): AsyncIterable<TraceRow>;
  /** How many traces are stored: `store copy` reports what it added. */
  countTraces(): Promise<number>;
  close(): Promise<void>;
}
