// Checks the exact McNemar p-value against published examples and an exact BigInt binomial sum.
import { describe, expect, it } from 'vitest';
import { mcnemarExactP } from './mcnemar-exact.js';

/** 2·P(X <= k), X ~ Binomial(m, 1/2), summed exactly with BigInt binomial coefficients. */
const exactTwoSided = (k: number, m: number): number => {
  let coefficient = 1n;
  let sum = 1n;
  for (let i = 1; i <= k; i++) {
    coefficient = (coefficient * BigInt(m - i + 1)) / BigInt(i);
    sum += coefficient;
  }
  // Scale so the division keeps ~30 significant digits before converting to a double.
  const scale = 10n ** 30n;
  return Number((2n * sum * scale) / 2n ** BigInt(m)) / Number(scale);
};

describe('mcnemarExactP', () => {
  it('matches Armitage & Berry (1994, p. 127): two culture media, b = 12, c = 2', () => {
    // StatsDirect's worked example of that data: exact two-sided P = 0.0129 (= 212/16384 = 0.012939...).
    expect(mcnemarExactP(12, 2)).toBeCloseTo(0.012939453125, 12);
    expect(mcnemarExactP(2, 12)).toBeCloseTo(0.012939453125, 12);
  });
  it('matches Fagerland, Lydersen & Laake (2013, BMC Med Res Methodol 13:91), Cavo et al. data', () => {
    // 6 vs 16 discordant pairs: McNemar exact conditional P = 0.052 (2 · 110056 / 2^22 = 0.0524788).
    expect(mcnemarExactP(6, 16)).toBeCloseTo(0.052478790283203125, 12);
  });
  it('is 1 with no discordant pairs or a perfect split', () => {
    expect(mcnemarExactP(0, 0)).toBe(1);
    expect(mcnemarExactP(5, 5)).toBe(1);
    expect(mcnemarExactP(0, 1)).toBe(1);
  });
  it('agrees with an exact BigInt sum for moderate counts', () => {
    for (const [b, c] of [
      [0, 10],
      [3, 17],
      [400, 600],
      [1450, 1550],
    ] as const) {
      const expected = exactTwoSided(Math.min(b, c), b + c);
      expect(mcnemarExactP(b, c) / expected).toBeCloseTo(1, 9);
    }
  });
  it('stays finite and accurate for 100,000 discordant pairs', () => {
    // scipy.stats.binom.cdf(49000, 100000, 0.5) * 2 = 2.5887160383468943e-10
    expect(mcnemarExactP(49000, 51000) / 2.5887160383468943e-10).toBeCloseTo(1, 7);
    // scipy: 2 * binom.cdf(49800, 100000, 0.5) = 0.2070389717642225
    expect(mcnemarExactP(50200, 49800)).toBeCloseTo(0.2070389717642225, 10);
    expect(mcnemarExactP(0, 100000)).toBe(0);
  });
  it('rejects negative or fractional counts', () => {
    expect(() => mcnemarExactP(-1, 2)).toThrow(RangeError);
    expect(() => mcnemarExactP(1.5, 2)).toThrow(RangeError);
  });
});
