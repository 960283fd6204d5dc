// Maps PostgreSQL rows to the contract's typed rows. The schema keeps SQLite's column names, 0/1 flags and JSON
// text, so the mapping is the same as SQLite's; JSON written by another version is parsed defensively.
import { z } from 'zod';
import type { UnifiedFinishReason } from '../../spec/finish-reason.js';
import type { Message, ToolCall } from '../../spec/messages.js';
import type { ApiKeyRow, BudgetPeriod, TraceAttempt, TraceRow } from '../contract/gateway-store.js';
import type { MonitorCheck, MonitorSampleRow } from '../contract/monitor-store.js';
import type {
  QualificationCandidate,
  QualificationRecord,
  QualificationRule,
  QualifiedTarget,
} from '../contract/qualification-store.js';
import type { AssertionRow, ResultRow, RunRow, RunStatus } from '../contract/store-types.js';

export interface RawRunRow {
  id: string;
  suite_name: string;
  suite_path: string;
  suite_hash: string;
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
  config_json: string;
  total_planned: number;
  owner_pid: number | null;
  heartbeat_at: string | null;
}

export interface RawResultRow {
  id: number;
  run_id: string;
  prompt_id: string;
  model_id: string;
  test_id: string;
  repeat: number;
  pass: number | null;
  score: number | null;
  output: string | null;
  tool_calls_json: string | null;
  error_code: string | null;
  error_message: string | null;
  latency_ms: number | null;
  ttft_ms: number | null;
  cost_usd: number | null;
  judge_cost_usd: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cached_input_tokens: number | null;
  cache_write_input_tokens: number | null;
  reasoning_tokens: number | null;
  cache_hit: number;
  request_hash: string | null;
  finish_reason: UnifiedFinishReason | null;
  finish_reason_raw: string | null;
  created_at: string;
}

export interface RawAssertionRow {
  result_id: number;
  idx: number;
  type: string;
  label: string | null;
  pass: number;
  score: number;
  weight: number;
  reason: string;
  judge_cost_usd: number | null;
  skipped: number;
}

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

export interface RawSample {
  trace_id: string;
  started_at: string;
  route: string;
  model: string;
  scored: number;
  pass: number | null;
  score: number | null;
  not_scored_reason: string | null;
  checks_json: string;
  judge_cost_usd: number | null;
  messages_json: string;
  output: string;
  tool_calls_json: string;
  scored_at: string;
}

export interface RawQualification {
  id: number;
  route: string;
  created_at: string;
  run_id: string;
  suite_path: string;
  suite_hash: string;
  rule_json: string;
  price_table_version: string;
  targets_json: string;
  candidates_json: string;
  chosen: string | null;
  order_json: string;
  reason: string;
}

const toolCallsSchema = z.array(z.object({ id: z.string(), name: z.string(), arguments: z.string() }));

const orUndefined = <T>(value: T | null): T | undefined => value ?? undefined;

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const toToolCalls = (json: string | null): ToolCall[] => {
  if (json === null) return [];
  const parsed = toolCallsSchema.safeParse(parseJson(json));
  return parsed.success ? parsed.data : [];
};

export const toRunRow = (row: RawRunRow): RunRow => ({
  id: row.id,
  suiteName: row.suite_name,
  suitePath: row.suite_path,
  suiteHash: row.suite_hash,
  status: row.status,
  startedAt: row.started_at,
  finishedAt: orUndefined(row.finished_at),
  config: parseJson(row.config_json),
  totalPlanned: row.total_planned,
  ownerPid: orUndefined(row.owner_pid),
  heartbeatAt: orUndefined(row.heartbeat_at),
});

export const toResultRow = (row: RawResultRow): ResultRow => ({
  id: row.id,
  runId: row.run_id,
  promptId: row.prompt_id,
  modelId: row.model_id,
  testId: row.test_id,
  repeat: row.repeat,
  pass: row.pass === null ? undefined : row.pass === 1,
  score: orUndefined(row.score),
  output: orUndefined(row.output),
  toolCalls: toToolCalls(row.tool_calls_json),
  errorCode: orUndefined(row.error_code),
  errorMessage: orUndefined(row.error_message),
  latencyMs: orUndefined(row.latency_ms),
  ttftMs: orUndefined(row.ttft_ms),
  costUsd: orUndefined(row.cost_usd),
  judgeCostUsd: orUndefined(row.judge_cost_usd),
  usage: {
    inputTokens: orUndefined(row.input_tokens),
    outputTokens: orUndefined(row.output_tokens),
    cachedInputTokens: orUndefined(row.cached_input_tokens),
    cacheWriteInputTokens: orUndefined(row.cache_write_input_tokens),
    reasoningTokens: orUndefined(row.reasoning_tokens),
  },
  cacheHit: row.cache_hit === 1,
  requestHash: orUndefined(row.request_hash),
  finishReason:
    row.finish_reason === null
      ? undefined
      : { unified: row.finish_reason, raw: orUndefined(row.finish_reason_raw) },
  createdAt: row.created_at,
});

export const toAssertionRow = (row: RawAssertionRow): AssertionRow => ({
  resultId: row.result_id,
  index: row.idx,
  type: row.type,
  label: orUndefined(row.label),
  pass: row.pass === 1,
  score: row.score,
  weight: row.weight,
  reason: row.reason,
  judgeCostUsd: orUndefined(row.judge_cost_usd),
  skipped: row.skipped === 1,
});

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

export const toSample = (raw: RawSample): MonitorSampleRow => ({
  traceId: raw.trace_id,
  startedAt: raw.started_at,
  route: raw.route,
  model: raw.model,
  scored: raw.scored === 1,
  pass: raw.pass === null ? null : raw.pass === 1,
  score: raw.score,
  notScoredReason: raw.not_scored_reason,
  checks: JSON.parse(raw.checks_json) as MonitorCheck[],
  judgeCostUsd: raw.judge_cost_usd,
  messages: JSON.parse(raw.messages_json) as Message[],
  output: raw.output,
  toolCalls: JSON.parse(raw.tool_calls_json) as ToolCall[],
  scoredAt: raw.scored_at,
});

export const toQualification = (raw: RawQualification): QualificationRecord => ({
  id: raw.id,
  route: raw.route,
  createdAt: raw.created_at,
  runId: raw.run_id,
  suitePath: raw.suite_path,
  suiteHash: raw.suite_hash,
  rule: JSON.parse(raw.rule_json) as QualificationRule,
  priceTableVersion: raw.price_table_version,
  targets: JSON.parse(raw.targets_json) as QualifiedTarget[],
  candidates: JSON.parse(raw.candidates_json) as QualificationCandidate[],
  chosen: raw.chosen,
  order: JSON.parse(raw.order_json) as string[],
  reason: raw.reason,
});
