// What an assertion handler sees of one result, and the shape every handler returns.
import type { Message, ToolCall } from '../spec/messages.js';
import type { ModelConfig } from '../spec/model-config.js';

export interface AssertionContext {
  /** The model's text. */
  output: string;
  toolCalls: ToolCall[];
  latencyMs: number;
  /** Undefined when the model under test is unpriced. */
  costUsd: number | undefined;
  vars: Record<string, unknown>;
  testId: string;
  /** Model id under test. */
  model: string;
  /** Suite directory, for `file:` paths. */
  baseDir: string;
  /** Calls the judge model; the runner implements it (and counts judge spend). `judge` overrides the suite's judge. */
  callJudge(messages: Message[], judge?: ModelConfig): Promise<{ text: string; costUsd: number | undefined }>;
  /** Embeds texts with the configured embedding model (or `provider`). */
  embed(
    texts: string[],
    provider?: ModelConfig,
  ): Promise<{ embeddings: number[][]; costUsd: number | undefined }>;
  abortSignal?: AbortSignal;
}

export interface HandlerResult {
  pass: boolean;
  /** 0..1. */
  score: number;
  reason: string;
  /** Spend of a judge or embedding model for this check. */
  judgeCostUsd?: number;
}

/** Checks one assertion; throwing marks the assertion as errored (a failure that `not` does not invert). */
export type AssertionHandler<C> = (
  config: C,
  context: AssertionContext,
) => HandlerResult | Promise<HandlerResult>;

/** A handler that needs no model call; callers (and tests) get a result without awaiting. */
export type SyncAssertionHandler<C> = (config: C, context: AssertionContext) => HandlerResult;
