// Maps Gemini's usageMetadata: thinking tokens are counted apart from the answer's, so they are added to output
// (reasoning is a subset of output here); cached tokens are already part of promptTokenCount.
import type { Usage } from '../../spec/usage.js';
import type { GoogleUsage } from './google-schemas.js';

const sum = (...values: Array<number | null | undefined>): number | undefined =>
  values.every((value) => value == null)
    ? undefined
    : values.reduce<number>((total, value) => total + (value ?? 0), 0);

export const mapGoogleUsage = (usage: GoogleUsage): Usage => ({
  // tool-use prompts (e.g. search grounding) are billed as input on top of the prompt
  inputTokens:
    usage?.promptTokenCount == null ? undefined : sum(usage.promptTokenCount, usage.toolUsePromptTokenCount),
  outputTokens: sum(usage?.candidatesTokenCount, usage?.thoughtsTokenCount),
  cachedInputTokens: usage?.cachedContentTokenCount ?? undefined,
  reasoningTokens: usage?.thoughtsTokenCount ?? undefined,
});
