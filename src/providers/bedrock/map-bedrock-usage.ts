// Maps Bedrock usage: like Anthropic's, cache reads and writes are reported apart from inputTokens and added back.
import type { Usage } from '../../spec/usage.js';
import type { BedrockUsage } from './bedrock-schemas.js';

export const mapBedrockUsage = (usage: BedrockUsage): Usage => {
  const input = usage?.inputTokens ?? undefined;
  const cacheRead = usage?.cacheReadInputTokens ?? undefined;
  const cacheWrite = usage?.cacheWriteInputTokens ?? undefined;
  return {
    inputTokens: input === undefined ? undefined : input + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: usage?.outputTokens ?? undefined,
    cachedInputTokens: cacheRead,
    cacheWriteInputTokens: cacheWrite,
  };
};
