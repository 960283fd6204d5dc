// What the scorecard and the reports read from a run: its header, skipped models and a stream of results with their assertions.
import type { AssertionOutcome } from '../spec/assertion.js';
import type { ToolCall } from '../spec/messages.js';
import type { RunInfo } from './run-summary.js';

export interface ReportResult {
  promptId: string;
  modelId: string;
  testId: string;
  repeat: number;
  pass: boolean;
  score: number;
  output: string;
  toolCalls: ToolCall[];
  errorCode: string | null;
  errorMessage: string | null;
  latencyMs: number;
  ttftMs: number | null;
  /** null when the model is unpriced. */
  costUsd: number | null;
  judgeCostUsd: number;
  inputTokens: number | null;
  outputTokens: number | null;
  cachedInputTokens: number | null;
  reasoningTokens: number | null;
  cacheHit: boolean;
  /** Unified: stop, length, tool-calls, content-filter, error, other. */
  finishReason: string | null;
  /** The provider's own word, e.g. `end_turn` or `tool_calls`. */
  finishReasonRaw: string | null;
  /** Loaded on demand so a large run is never held in memory. */
  assertions(): Promise<AssertionOutcome[]>;
}

export interface ReportSource {
  run: RunInfo;
  skipped: Array<{ model: string; reason: string }>;
  /** Assertions that could not run, grouped by kind and reason (e.g. the judge has no key). */
  skippedAssertions: Array<{ type: string; reason: string; count: number }>;
  /** Cases that passed some repeats and failed others. */
  flaky: Array<{ model: string; prompt: string; caseId: string; passed: number; repeats: number }>;
  /** Set when the run used `--repeat auto`, with its most repeats per case. */
  autoRepeat?: { maxRepeats: number };
  /** Results in a stable order (model, prompt, test, repeat); each call streams from the store afresh. */
  results(): AsyncIterable<ReportResult>;
}
