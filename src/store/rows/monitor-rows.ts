// A monitor sample's row as both engines read it, and its mapping to the contract's row.
import type { Message, ToolCall } from '../../spec/messages.js';
import type { MonitorCheck, MonitorSampleRow } from '../contract/monitor-store.js';

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
