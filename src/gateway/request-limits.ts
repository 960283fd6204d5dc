// The bounds on what one gateway request may ask for, beyond its body size: each refused with a 400 that
// names the field and the limit. docs/gateway.md lists them; keep the two in step.
export const requestLimits = {
  /** Arrays and objects inside one another; recursive code downstream (serializers) must never overflow. */
  nestingDepth: 64,
  messages: 10_000,
  /** OpenAI's documented limit on functions per request. */
  tools: 128,
  stopSequences: 16,
  /** OpenAI's documented limit on inputs per embeddings request. */
  embeddingInputs: 2048,
  /** Output tokens a request may ask for; above any model's window, below absurd. */
  maxTokens: 1_000_000,
} as const;

/** The message a bounded array or number gives, e.g. `at most 128 tools per request`. */
export const atMost = (limit: number, what: string): string => `at most ${limit} ${what} per request`;
