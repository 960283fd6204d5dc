// The run tables' rows as both engines read them (snake_case, 0/1 flags, NULLs, JSON text) and their mapping to
// the contract's typed rows; JSON written by another version is parsed defensively.
import { z } from 'zod';
import type { UnifiedFinishReason } from '../../spec/finish-reason.js';
import type { ToolCall } from '../../spec/messages.js';
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
