// Costing rules: unknown usage stays unpriced, cache reads and writes (5-minute and 1-hour) billed at their own
// rates, and a long prompt billed wholly at its tier.
import { describe, expect, it } from 'vitest';
import { costOfUsage } from './cost-of-usage.js';
import { resolvePrice } from './resolve-price.js';

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
  it('bills 1-hour cache writes at the 1-hour rate and the other writes at the 5-minute rate', () => {
    // 6000 uncached * 3 + 3000 5-minute writes * 3.75 + 1000 1-hour writes * 6 = 18000 + 11250 + 6000 per 1M
    const usage = {
      inputTokens: 10_000,
      outputTokens: 0,
      cacheWriteInputTokens: 4000,
      cacheWrite1hInputTokens: 1000,
    };
    expect(costOfUsage(usage, { ...price, cacheWrite1h: 6 })).toBeCloseTo(35_250 / 1e6, 12);
    // with no 1-hour rate listed (a suite's own price), every write is billed at cacheWrite
    expect(costOfUsage(usage, price)).toBeCloseTo(33_000 / 1e6, 12);
  });
  it('never bills more 1-hour writes than writes were reported', () => {
    const usage = {
      inputTokens: 1000,
      outputTokens: 0,
      cacheWriteInputTokens: 100,
      cacheWrite1hInputTokens: 500,
    };
    // 900 uncached * 3 + 100 1-hour writes * 6
    expect(costOfUsage(usage, { ...price, cacheWrite1h: 6 })).toBeCloseTo(3300 / 1e6, 12);
  });
  it("bills Claude's 1-hour cache writes at twice the input price, from the bundled table", () => {
    const sonnet = resolvePrice({ id: 'anthropic:claude-sonnet-4-6' });
    if (!sonnet) throw new Error('claude-sonnet-4-6 should be priced');
    const write = (hour: number) =>
      costOfUsage(
        {
          inputTokens: 1_000_000,
          outputTokens: 0,
          cacheWriteInputTokens: 1_000_000,
          cacheWrite1hInputTokens: hour,
        },
        sonnet.price,
      );
    expect(write(0)).toBeCloseTo(3.75, 10);
    expect(write(1_000_000)).toBeCloseTo(6, 10);
  });
  it('bills the whole request at the long-context tier once the prompt is over the threshold', () => {
    const pro = resolvePrice({ id: 'google:gemini-2.5-pro' });
    if (!pro) throw new Error('gemini-2.5-pro should be priced');
    // at 200,000 input tokens: 200k * 1.25 + 1000 * 10 per 1M
    expect(costOfUsage({ inputTokens: 200_000, outputTokens: 1000 }, pro.price)).toBeCloseTo(0.26, 10);
    // one token more: every token at the tier, input 2.50 and output 15
    expect(costOfUsage({ inputTokens: 200_001, outputTokens: 1000 }, pro.price)).toBeCloseTo(
      (200_001 * 2.5 + 1000 * 15) / 1e6,
      10,
    );
  });
  it('counts cached and written tokens toward the tier threshold, as Anthropic does', () => {
    const sonnet = resolvePrice({ id: 'anthropic:claude-sonnet-4-5' });
    if (!sonnet) throw new Error('claude-sonnet-4-5 should be priced');
    // 10k fresh + 150k read from cache + 50k written: 210k prompt tokens, all at the long-context rates
    const usage = {
      inputTokens: 210_000,
      outputTokens: 0,
      cachedInputTokens: 150_000,
      cacheWriteInputTokens: 50_000,
    };
    expect(costOfUsage(usage, sonnet.price)).toBeCloseTo(
      (10_000 * 6 + 150_000 * 0.6 + 50_000 * 7.5) / 1e6,
      10,
    );
  });
  it('picks the highest tier a prompt is over', () => {
    const tiered = {
      input: 1,
      output: 1,
      tiers: [
        { above: 100, input: 2, output: 2 },
        { above: 1000, input: 3, output: 3 },
      ],
    };
    expect(costOfUsage({ inputTokens: 100, outputTokens: 0 }, tiered)).toBeCloseTo(100 / 1e6, 12);
    expect(costOfUsage({ inputTokens: 500, outputTokens: 0 }, tiered)).toBeCloseTo(1000 / 1e6, 12);
    expect(costOfUsage({ inputTokens: 2000, outputTokens: 0 }, tiered)).toBeCloseTo(6000 / 1e6, 12);
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
