// The contract every provider implements; the runner and later the gateway depend only on this.
import type { FinishReason } from './finish-reason.js';
import type { Message, ToolCall, ToolChoice, ToolDefinition } from './messages.js';
import type { Usage } from './usage.js';
import type { CallWarning } from './warning.js';

export interface CallOptions {
  messages: Message[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  stop?: string[];
  seed?: number;
  /** Ask the model for a JSON object where the provider supports it, matching `schema` when one is given. */
  responseFormat?: { type: 'text' } | { type: 'json'; schema?: JsonSchemaFormat };
  /** How hard a reasoning model thinks (OpenAI's `reasoning_effort`). */
  reasoningEffort?: ReasoningEffort;
  /** False asks for at most one tool call per turn. */
  parallelToolCalls?: boolean;
  /** Variables of the test case; only the `function` provider uses them. */
  vars?: Record<string, unknown>;
  abortSignal?: AbortSignal;
}

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

/** A named JSON Schema the answer must follow (OpenAI's `json_schema` response format). */
export interface JsonSchemaFormat {
  name: string;
  schema: Record<string, unknown>;
  description?: string;
  strict?: boolean;
}

export interface GenerateResult {
  text: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  usage: Usage;
  warnings: CallWarning[];
  /** The model the provider says answered, and its response id. */
  response: { id?: string; modelId?: string };
  /** Cost the system under test reported itself (the `function` provider); overrides price-table costing. */
  reportedCostUsd?: number;
  /** Milliseconds from sending the request to the first content token; only when streaming. */
  timeToFirstTokenMs?: number;
}

export type StreamPart =
  | { type: 'response-metadata'; id?: string; modelId?: string }
  | { type: 'text-delta'; delta: string }
  | { type: 'tool-call-delta'; index: number; id?: string; name?: string; argumentsDelta: string }
  | { type: 'finish'; finishReason: FinishReason; usage: Usage; reportedCostUsd?: number }
  | { type: 'warnings'; warnings: CallWarning[] };

export interface LanguageModel {
  /** Registry id of the provider, e.g. `openai`. */
  readonly provider: string;
  /** The model name as the provider knows it, e.g. `gpt-4o-mini`. */
  readonly modelId: string;
  /**
   * False when answers must never come from the response cache: the user's own code can change between runs
   * without anything in the request changing. Default true.
   */
  readonly cacheable?: boolean;
  /** Checks that can fail before any call is made (e.g. the user's module loads and exports a function). */
  prepare?(): Promise<void>;
  /** Releases what the model holds between calls (the worker threads of the user's code); the runner calls it at the end. */
  close?(): Promise<void>;
  generate(options: CallOptions): Promise<GenerateResult>;
  /** Streams parts as they arrive; throws a YardstickError (E_STREAM_CUT, E_MALFORMED_RESPONSE, …) when the stream breaks. */
  stream(options: CallOptions): AsyncIterable<StreamPart>;
}

export interface EmbeddingResult {
  embeddings: number[][];
  usage: { inputTokens: number | undefined };
}

export interface EmbeddingModel {
  readonly provider: string;
  readonly modelId: string;
  embed(values: string[], options?: { abortSignal?: AbortSignal }): Promise<EmbeddingResult>;
}
