// Cost of one call from its token usage and a price; undefined (unpriced) when the usage cannot support a number.
import type { Usage } from '../spec/usage.js';
import type { PriceRates } from './price-rates.js';

const perToken = 1 / 1_000_000;

/** The rates for a prompt of `inputTokens`: the highest tier it is over, else the base rates. */
const ratesFor = (price: PriceRates, inputTokens: number): PriceRates => {
  let rates: PriceRates = price;
  for (const tier of price.tiers ?? []) if (inputTokens > tier.above) rates = tier;
  return rates;
};

/**
 * USD cost of a call. Cached and cache-write input tokens are counted within `inputTokens` (the adapters
 * normalise Anthropic's separate counts), so they are billed at their own rates and taken out of the normal
 * input charge; 1-hour cache writes are billed at `cacheWrite1h`, the rest at `cacheWrite`. A prompt over a
 * tier's threshold (all input tokens, cached and written included, as Anthropic and Google count) is billed
 * wholly at that tier. Reasoning tokens are already within `outputTokens`. Undefined when input or output
 * tokens were not reported: an unknown cost is never shown as 0.
 * @example costOfUsage({ inputTokens: 1000, outputTokens: 200 }, { input: 2.5, output: 10 }) // 0.0045
 */
export const costOfUsage = (usage: Usage, price: PriceRates): number | undefined => {
  const { inputTokens, outputTokens } = usage;
  if (inputTokens === undefined || outputTokens === undefined) return undefined;
  const rates = ratesFor(price, inputTokens);
  const cached = usage.cachedInputTokens ?? 0;
  const written = usage.cacheWriteInputTokens ?? 0;
  const writtenHour = Math.min(usage.cacheWrite1hInputTokens ?? 0, written);
  // A provider that reports more cached than total input would otherwise yield a negative charge.
  const uncached = Math.max(0, inputTokens - cached - written);
  const writeRate = rates.cacheWrite ?? rates.input;
  const dollarsPerMillion =
    uncached * rates.input +
    cached * (rates.cachedInput ?? rates.input) +
    (written - writtenHour) * writeRate +
    writtenHour * (rates.cacheWrite1h ?? writeRate) +
    outputTokens * rates.output;
  return dollarsPerMillion * perToken;
};
