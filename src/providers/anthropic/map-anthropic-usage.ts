// Maps Anthropic usage: cache reads and writes are reported apart from input_tokens, so they are added back in;
// `cache_creation` splits the writes by lifetime, and the 1-hour ones are billed at their own rate.
import { z } from 'zod';
import type { Usage } from '../../spec/usage.js';
import type { AnthropicUsage } from './anthropic-schemas.js';

// Only the 1-hour count is needed: the rest of cache_creation_input_tokens are 5-minute writes.
const cacheCreationSchema = z.looseObject({ ephemeral_1h_input_tokens: z.number().nonnegative().nullish() });

export const mapAnthropicUsage = (usage: AnthropicUsage | null | undefined): Usage => {
  const input = usage?.input_tokens ?? undefined;
  const cacheRead = usage?.cache_read_input_tokens ?? undefined;
  const cacheWrite = usage?.cache_creation_input_tokens ?? undefined;
  const creation = cacheCreationSchema.safeParse(usage?.cache_creation);
  const hourWrites = creation.success ? (creation.data.ephemeral_1h_input_tokens ?? undefined) : undefined;
  return {
    inputTokens: input === undefined ? undefined : input + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: usage?.output_tokens ?? undefined,
    cachedInputTokens: cacheRead,
    cacheWriteInputTokens: cacheWrite,
    ...(hourWrites !== undefined ? { cacheWrite1hInputTokens: hourWrites } : {}),
  };
};
