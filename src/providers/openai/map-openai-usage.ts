// Maps OpenAI usage to yardstick usage; fields the server did not send stay undefined.
import type { Usage } from '../../spec/usage.js';
import type { OpenAIUsage } from './openai-schemas.js';

export const mapOpenAIUsage = (usage: OpenAIUsage): Usage => ({
  inputTokens: usage?.prompt_tokens ?? undefined,
  outputTokens: usage?.completion_tokens ?? undefined,
  cachedInputTokens: usage?.prompt_tokens_details?.cached_tokens ?? undefined,
  reasoningTokens: usage?.completion_tokens_details?.reasoning_tokens ?? undefined,
});
