// Checks the normal CDF against standard normal table values (Abramowitz & Stegun, Table 26.1)
// and far-tail values of Q(x) = 1 - Phi(x).
import { describe, expect, it } from 'vitest';
import { normalCdf } from './normal-cdf.js';
import { normalQuantile } from './normal-quantile.js';

describe('normalCdf', () => {
  it('matches table values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 15);
    expect(normalCdf(1)).toBeCloseTo(0.8413447461, 10);
    expect(normalCdf(-1)).toBeCloseTo(0.1586552539, 10);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316, 12);
  });
  it('keeps relative accuracy in the far tail', () => {
    // Q(6) = 9.8658765e-10, Q(10) = 7.6198530e-24
    expect(normalCdf(-6) / 9.8658765e-10).toBeCloseTo(1, 7);
    expect(normalCdf(-10) / 7.619853e-24).toBeCloseTo(1, 6);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
  });
  it('inverts normalQuantile', () => {
    for (const p of [0.001, 0.025, 0.3, 0.5, 0.8, 0.995])
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 8);
  });
  it('rejects NaN', () => {
    expect(() => normalCdf(Number.NaN)).toThrow(RangeError);
  });
});
