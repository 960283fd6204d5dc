// Costing rules: unknown usage stays unpriced, cache reads and writes billed at their own rates.
import { describe, expect, it } from 'vitest';
import { costOfUsage } from './cost-of-usage.js';

const price = { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 };

describe('costOfUsage', () => {
  it('bills input and output per million tokens', () => {
    // 1000 * 2.5/1M + 200 * 10/1M = 0.0025 + 0.002
    expect(costOfUsage({ inputTokens: 1000, outputTokens: 200 }, { input: 2.5, output: 10 })).toBeCloseTo(
      0.0045,
      12,
    );
  });
  it('is unpriced when input or output tokens are unknown', () => {
    expect(costOfUsage({ inputTokens: undefined, outputTokens: 10 }, price)).toBeUndefined();
    expect(costOfUsage({ inputTokens: 10, outputTokens: undefined }, price)).toBeUndefined();
  });
  it('bills cached input at the cached price and not again at the input price', () => {
    // 800 uncached * 3 + 200 cached * 0.3 = 2400 + 60 per 1M
    const cost = costOfUsage({ inputTokens: 1000, outputTokens: 0, cachedInputTokens: 200 }, price);
    expect(cost).toBeCloseTo(2460 / 1e6, 12);
  });
  it('falls back to the input price when no cached price is listed', () => {
    const cost = costOfUsage(
      { inputTokens: 1000, outputTokens: 0, cachedInputTokens: 400 },
      { input: 1, output: 2 },
    );
    expect(cost).toBeCloseTo(1000 / 1e6, 12);
  });
  it('bills cache writes at the cache-write price', () => {
    // 500 uncached * 3 + 500 written * 3.75 = 1500 + 1875 per 1M
    const cost = costOfUsage({ inputTokens: 1000, outputTokens: 0, cacheWriteInputTokens: 500 }, price);
    expect(cost).toBeCloseTo(3375 / 1e6, 12);
  });
  it('does not bill reasoning tokens on top of output tokens', () => {
    const withReasoning = costOfUsage({ inputTokens: 0, outputTokens: 100, reasoningTokens: 80 }, price);
    expect(withReasoning).toBeCloseTo(1500 / 1e6, 12);
  });
  it('never charges a negative uncached input when counts overlap oddly', () => {
    const cost = costOfUsage({ inputTokens: 100, outputTokens: 0, cachedInputTokens: 150 }, price);
    expect(cost).toBeCloseTo(45 / 1e6, 12);
  });
  it('prices zero tokens at zero, which is known, unlike unpriced', () => {
    expect(costOfUsage({ inputTokens: 0, outputTokens: 0 }, price)).toBe(0);
  });
});
