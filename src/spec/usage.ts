// Token usage exactly as the provider reported it; a field the provider did not report stays undefined, never 0.

export interface Usage {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  /** Input tokens served from the provider's prompt cache (a subset of inputTokens for OpenAI; reported apart by Anthropic and added to inputTokens by the adapter). */
  cachedInputTokens?: number | undefined;
  /** Tokens written to the provider's prompt cache (Anthropic), billed at a premium. */
  cacheWriteInputTokens?: number | undefined;
  /** Of cacheWriteInputTokens, those written for 1 hour (Anthropic), billed above the default 5-minute writes. */
  cacheWrite1hInputTokens?: number | undefined;
  /** Reasoning tokens, a subset of outputTokens. */
  reasoningTokens?: number | undefined;
}

export const emptyUsage = (): Usage => ({ inputTokens: undefined, outputTokens: undefined });
