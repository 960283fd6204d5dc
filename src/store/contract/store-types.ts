// The shapes that go into and come out of the results store: one run, one result per planned case execution,
// and the per-model aggregates reports are built from.
import type { AssertionOutcome } from '../../spec/assertion.js';
import type { ErrorCode } from '../../spec/errors.js';
import type { FinishReason } from '../../spec/finish-reason.js';
import type { ToolCall } from '../../spec/messages.js';
import type { Usage } from '../../spec/usage.js';

export type RunStatus = 'running' | 'completed' | 'aborted' | 'failed';

export interface NewRun {
  id: string;
  suiteName: string;
  suitePath: string;
  /** Hash of the suite's content, so a resume can tell the suite changed underneath it. */
  suiteHash: string;
  /** ISO 8601 timestamp. */
  startedAt: string;
  /** The run's options (selected models, repeat, concurrency, cache…); stored as JSON. */
  config: unknown;
  totalPlanned: number;
}

export interface RunRow {
  id: string;
  suiteName: string;
  suitePath: string;
  suiteHash: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | undefined;
  /** Parsed config JSON; validate before use, it may come from an older yardstick. */
  config: unknown;
  totalPlanned: number;
  /** The process working on the run and when it last said so; a live owner means the run may not be resumed. */
  ownerPid: number | undefined;
  heartbeatAt: string | undefined;
}

/** One finished case execution, written with its call and assertion rows in one transaction. */
export interface ResultInput {
  runId: string;
  promptId: string;
  modelId: string;
  testId: string;
  repeat: number;
  /** Ignored (stored as null) when `errorCode` is set: an errored case neither passed nor failed. */
  pass: boolean;
  score?: number | undefined;
  output?: string | undefined;
  toolCalls?: ToolCall[] | undefined;
  errorCode?: ErrorCode | undefined;
  errorMessage?: string | undefined;
  latencyMs?: number | undefined;
  ttftMs?: number | undefined;
  /** Undefined when unpriced; never 0 for "unknown". The list price even on a cache hit. */
  costUsd?: number | undefined;
  judgeCostUsd?: number | undefined;
  usage?: Usage | undefined;
  cacheHit: boolean;
  requestHash?: string | undefined;
  finishReason?: FinishReason | undefined;
  /** Attempts the call took after retries; 0 for a cache hit. */
  attempts?: number | undefined;
  /** ISO 8601; defaults to now. */
  createdAt?: string | undefined;
  assertions: AssertionOutcome[];
}

export interface ResultRow {
  id: number;
  runId: string;
  promptId: string;
  modelId: string;
  testId: string;
  repeat: number;
  /** Undefined when the case errored. */
  pass: boolean | undefined;
  score: number | undefined;
  output: string | undefined;
  toolCalls: ToolCall[];
  errorCode: string | undefined;
  errorMessage: string | undefined;
  latencyMs: number | undefined;
  ttftMs: number | undefined;
  costUsd: number | undefined;
  judgeCostUsd: number | undefined;
  usage: Usage;
  cacheHit: boolean;
  requestHash: string | undefined;
  finishReason: FinishReason | undefined;
  createdAt: string;
}

export interface AssertionRow {
  resultId: number;
  index: number;
  /** An AssertionKind, kept as text so rows from other yardstick versions still load. */
  type: string;
  label: string | undefined;
  pass: boolean;
  score: number;
  weight: number;
  reason: string;
  judgeCostUsd: number | undefined;
  /** The check could not run (its judge was unavailable) and was left out of the score. */
  skipped: boolean;
}

export interface SkippedModelRow {
  modelId: string;
  reason: string;
}

/** The key `completedResults` uses; the same format as the runner's plan key. */
export const resultKey = (promptId: string, modelId: string, testId: string, repeat: number): string =>
  `${promptId}\u0000${modelId}\u0000${testId}\u0000${repeat}`;
