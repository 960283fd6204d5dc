// Checks ln Γ against exact identities: Γ(n) = (n-1)! and Γ(1/2) = √π.
import { describe, expect, it } from 'vitest';
import { logGamma } from './log-gamma.js';

describe('logGamma', () => {
  it('gives ln of factorials', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(2)).toBeCloseTo(0, 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 11); // 9!
    // ln 99! = 359.13420536957540
    expect(logGamma(100)).toBeCloseTo(359.1342053695754, 9);
  });
  it('stays accurate for 100000!', () => {
    // ln 100000! = 1051299.2218991218 (Stirling series to many terms)
    expect(logGamma(100001) / 1051299.2218991218).toBeCloseTo(1, 13);
  });
  it('handles arguments below one half by reflection', () => {
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    // Γ(0.001) = 999.4237724845955 -> ln = 6.907178885383853
    expect(logGamma(0.001)).toBeCloseTo(6.907178885383853, 11);
  });
  it('rejects non-positive arguments', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => logGamma(-1.5)).toThrow(RangeError);
    expect(() => logGamma(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
