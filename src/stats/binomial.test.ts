// Checks binomial probabilities against scipy.stats.binom and a direct sum.
import { describe, expect, it } from 'vitest';
import { binomialPmf, binomialUpperTail } from './binomial.js';

describe('binomial', () => {
  it('matches scipy.stats.binom.sf(k - 1, n, p)', () => {
    expect(binomialUpperTail(7, 20, 0.3)).toBeCloseTo(0.3919901877990756, 13);
    expect(binomialUpperTail(150, 300, 0.55)).toBeCloseTo(0.9637224360380885, 13);
    expect(binomialUpperTail(60, 100, 0.5)).toBeCloseTo(0.028443966820490444, 13);
    expect(binomialUpperTail(3, 3, 0.5)).toBeCloseTo(0.125, 14);
    expect(binomialUpperTail(0, 5, 0.2)).toBe(1);
    expect(binomialUpperTail(6, 5, 0.2)).toBe(0);
  });
  it('sums its mass function to its tail and to one', () => {
    let tail = 0;
    let total = 0;
    for (let k = 0; k <= 40; k++) {
      const mass = binomialPmf(k, 40, 0.37);
      total += mass;
      if (k >= 18) tail += mass;
    }
    expect(total).toBeCloseTo(1, 13);
    expect(binomialUpperTail(18, 40, 0.37)).toBeCloseTo(tail, 13);
  });
  it('handles p of 0 and 1', () => {
    expect(binomialPmf(0, 5, 0)).toBe(1);
    expect(binomialPmf(5, 5, 1)).toBe(1);
    expect(binomialUpperTail(5, 5, 1)).toBe(1);
    expect(binomialUpperTail(1, 5, 0)).toBe(0);
  });
});
