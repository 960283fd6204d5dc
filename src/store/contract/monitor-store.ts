// Monitor samples in the store contract: the scores of sampled production answers (one row per sampled trace).
import type { Message, ToolCall } from '../../spec/messages.js';

/** One check of a sample, as the suite's assertion outcomes are kept. */
export interface MonitorCheck {
  type: string;
  label?: string;
  pass: boolean;
  score: number;
  reason: string;
}

export interface MonitorSampleInput {
  traceId: string;
  startedAt: string;
  route: string;
  /** The target that answered, as the gateway config names it, e.g. `openai:gpt-4o-mini`. */
  model: string;
  /** False when a check could not run (the judge failed): the sample counts neither as passed nor as failed. */
  scored: boolean;
  /** Null when not scored. */
  pass: boolean | null;
  score: number | null;
  notScoredReason: string | null;
  checks: MonitorCheck[];
  /** Judge spend for this sample, apart from the request's own cost; null when none was priced. */
  judgeCostUsd: number | null;
  /** The conversation sent, redacted. */
  messages: Message[];
  /** The answer, redacted. */
  output: string;
  toolCalls: ToolCall[];
  scoredAt: string;
}

export interface MonitorSampleRow extends MonitorSampleInput {}

/** Scored samples of one route and model in a window. */
export interface MonitorCounts {
  route: string;
  model: string;
  samples: number;
  passed: number;
  notScored: number;
  judgeCostUsd: number;
}

export interface MonitorWindow {
  /** ISO times; `since` inclusive, `until` exclusive. */
  since: string;
  until: string;
  route?: string;
}

export interface MonitorStore {
  insertSamples(samples: MonitorSampleInput[]): Promise<void>;
  countsIn(window: MonitorWindow): Promise<MonitorCounts[]>;
  /** Failed samples, newest first. */
  failed(filter: { since?: string; route?: string; limit?: number }): Promise<MonitorSampleRow[]>;
  sample(traceId: string): Promise<MonitorSampleRow | undefined>;
  /** Every sample, oldest first (by start time, then trace id); streams. For `store copy`. */
  iterateSamples(): AsyncIterable<MonitorSampleRow>;
  /** How many samples are stored: `store copy` reports what it added. */
  countSamples(): Promise<number>;
  /** The pass rate the route's newest qualification record (`yardstick qualify`) gave this target, if any. */
  qualificationPassRate(route: string, model: string): Promise<number | undefined>;
  close(): Promise<void>;
}
