// The gateway tables' rows (API keys, traces) as both engines read them, and their mapping to the contract's rows.
import type { ApiKeyRow, BudgetPeriod, TraceAttempt, TraceRow } from '../contract/gateway-store.js';

export interface RawKey {
  id: string;
  name: string;
  secret_sha256: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  budget_usd: number | null;
  budget_period: BudgetPeriod | null;
  rpm: number | null;
  tpm: number | null;
  routes_json: string | null;
}

export interface RawTrace {
  id: string;
  started_at: string;
  key_id: string | null;
  key_name: string | null;
  route: string | null;
  requested_model: string | null;
  endpoint: string;
  stream: number;
  status: number;
  provider: string | null;
  model: string | null;
  error_code: string | null;
  error_message: string | null;
  attempts_json: string;
  input_tokens: number | null;
  cached_input_tokens: number | null;
  output_tokens: number | null;
  reasoning_tokens: number | null;
  cost_usd: number | null;
  ttft_ms: number | null;
  latency_ms: number;
  cache_hit: number;
  request_json: string | null;
  response_json: string | null;
}

export const toKey = (raw: RawKey): ApiKeyRow => ({
  id: raw.id,
  name: raw.name,
  secretSha256: raw.secret_sha256,
  createdAt: raw.created_at,
  expiresAt: raw.expires_at,
  revokedAt: raw.revoked_at,
  budgetUsd: raw.budget_usd,
  budgetPeriod: raw.budget_period,
  rpm: raw.rpm,
  tpm: raw.tpm,
  routes: raw.routes_json === null ? null : (JSON.parse(raw.routes_json) as string[]),
});

export const toTrace = (raw: RawTrace): TraceRow => ({
  id: raw.id,
  startedAt: raw.started_at,
  keyId: raw.key_id,
  keyName: raw.key_name,
  route: raw.route,
  requestedModel: raw.requested_model,
  endpoint: raw.endpoint,
  stream: raw.stream === 1,
  status: raw.status,
  provider: raw.provider,
  model: raw.model,
  errorCode: raw.error_code,
  errorMessage: raw.error_message,
  attempts: JSON.parse(raw.attempts_json) as TraceAttempt[],
  inputTokens: raw.input_tokens,
  cachedInputTokens: raw.cached_input_tokens,
  outputTokens: raw.output_tokens,
  reasoningTokens: raw.reasoning_tokens,
  costUsd: raw.cost_usd,
  ttftMs: raw.ttft_ms,
  latencyMs: raw.latency_ms,
  cacheHit: raw.cache_hit === 1,
  requestJson: raw.request_json,
  responseJson: raw.response_json,
});
