// Cost of one call from its token usage and a price; undefined (unpriced) when the usage cannot support a number.
import type { Price } from '../spec/model-config.js';
import type { Usage } from '../spec/usage.js';

const perToken = 1 / 1_000_000;

/**
 * USD cost of a call. Cached and cache-write input tokens are counted within `inputTokens` (the adapters
 * normalise Anthropic's separate counts), so they are billed at their own rates and taken out of the normal
 * input charge. Reasoning tokens are already within `outputTokens`. Undefined when input or output tokens
 * were not reported: an unknown cost is never shown as 0.
 * @example costOfUsage({ inputTokens: 1000, outputTokens: 200 }, { input: 2.5, output: 10 }) // 0.0045
 */
export const costOfUsage = (usage: Usage, price: Price): number | undefined => {
  const { inputTokens, outputTokens } = usage;
  if (inputTokens === undefined || outputTokens === undefined) return undefined;
  const cached = usage.cachedInputTokens ?? 0;
  const written = usage.cacheWriteInputTokens ?? 0;
  // A provider that reports more cached than total input would otherwise yield a negative charge.
  const uncached = Math.max(0, inputTokens - cached - written);
  const dollarsPerMillion =
    uncached * price.input +
    cached * (price.cachedInput ?? price.input) +
    written * (price.cacheWrite ?? price.input) +
    outputTokens * price.output;
  return dollarsPerMillion * perToken;
};
