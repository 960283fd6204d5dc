// Read-only queries over gateway traces (for `yardstick ui`), in the store contract. Nothing here reads a key's hash.
import type { BudgetPeriod, TraceRow } from './gateway-store.js';
import type { TimeCursor } from './run-queries.js';

export interface TraceListFilter {
  route?: string | undefined;
  keyName?: string | undefined;
  /** The model that answered, as `model` or `provider:model`. */
  model?: string | undefined;
  /** `ok` (below 400), `error` (400 and up) or one HTTP status. */
  status?: 'ok' | 'error' | number | undefined;
  /** Only traces whose monitor sample failed its checks (`traces --failed`). */
  monitorFailed?: boolean | undefined;
  since?: string | undefined;
  until?: string | undefined;
  after?: TimeCursor | undefined;
  limit: number;
}

/** A trace as the list shows it: no bodies. */
export interface TraceListRow {
  id: string;
  startedAt: string;
  keyName: string | null;
  route: string | null;
  requestedModel: string | null;
  endpoint: string;
  stream: boolean;
  status: number;
  provider: string | null;
  model: string | null;
  errorCode: string | null;
  attempts: number;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  latencyMs: number;
  cacheHit: boolean;
}

export interface SpendBucket {
  /** The key's name or the route; null for requests without one. */
  group: string | null;
  /** `YYYY-MM-DDTHH` for hours, `YYYY-MM-DD` for days (UTC). */
  bucket: string;
  costUsd: number;
  requests: number;
  unpriced: number;
}

export interface KeyBudgetRow {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  budgetUsd: number | null;
  budgetPeriod: BudgetPeriod | null;
}

export interface TraceQueries {
  tracesPage(filter: TraceListFilter): Promise<TraceListRow[]>;
  /** One trace with its attempts and captured bodies. */
  trace(id: string): Promise<TraceRow | undefined>;
  /** Spend of a key since `since` (ISO time). */
  spendSince(keyId: string, since: string): Promise<number>;
  spendBuckets(options: {
    by: 'key' | 'route';
    bucket: 'hour' | 'day';
    since: string;
    until: string;
  }): Promise<SpendBucket[]>;
  keys(): Promise<KeyBudgetRow[]>;
}
