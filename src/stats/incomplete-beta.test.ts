// Checks I_x(a, b) against scipy.special.betainc and exact identities.
import { describe, expect, it } from 'vitest';
import { regularizedIncompleteBeta } from './incomplete-beta.js';

describe('regularizedIncompleteBeta', () => {
  it('matches scipy.special.betainc', () => {
    // betainc(a, b, x) for these (x, a, b)
    const cases: Array<[number, number, number, number]> = [
      [0.5, 2, 3, 0.6875],
      [0.1, 0.5, 0.5, 0.20483276469913345],
      [0.3, 100, 200, 0.10884306564490986],
      [0.02, 30, 2000, 0.9655487835716872],
    ];
    for (const [x, a, b, expected] of cases) {
      expect(regularizedIncompleteBeta(x, a, b) / expected).toBeCloseTo(1, 12);
    }
    expect(regularizedIncompleteBeta(0.9, 10, 20)).toBeCloseTo(0.9999999999999593, 14);
  });
  it('is 0 and 1 at the ends and symmetric: I_x(a, b) = 1 − I_{1−x}(b, a)', () => {
    expect(regularizedIncompleteBeta(0, 3, 4)).toBe(0);
    expect(regularizedIncompleteBeta(1, 3, 4)).toBe(1);
    for (const [x, a, b] of [
      [0.2, 3, 7],
      [0.7, 0.5, 12],
      [0.45, 40, 41],
    ] as const) {
      expect(regularizedIncompleteBeta(x, a, b)).toBeCloseTo(1 - regularizedIncompleteBeta(1 - x, b, a), 14);
    }
  });
  it('gives the uniform CDF for a = b = 1', () => {
    for (const x of [0.01, 0.37, 0.99]) expect(regularizedIncompleteBeta(x, 1, 1)).toBeCloseTo(x, 14);
  });
  it('rejects arguments outside its domain', () => {
    expect(() => regularizedIncompleteBeta(0.5, 0, 1)).toThrow(RangeError);
    expect(() => regularizedIncompleteBeta(1.5, 1, 1)).toThrow(RangeError);
    expect(() => regularizedIncompleteBeta(Number.NaN, 1, 1)).toThrow(RangeError);
  });
});
