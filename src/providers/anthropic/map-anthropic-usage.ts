// Maps Anthropic usage: cache reads and writes are reported apart from input_tokens, so they are added back in.
import type { Usage } from '../../spec/usage.js';
import type { AnthropicUsage } from './anthropic-schemas.js';

export const mapAnthropicUsage = (usage: AnthropicUsage | null | undefined): Usage => {
  const input = usage?.input_tokens ?? undefined;
  const cacheRead = usage?.cache_read_input_tokens ?? undefined;
  const cacheWrite = usage?.cache_creation_input_tokens ?? undefined;
  return {
    inputTokens: input === undefined ? undefined : input + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: usage?.output_tokens ?? undefined,
    cachedInputTokens: cacheRead,
    cacheWriteInputTokens: cacheWrite,
  };
};
