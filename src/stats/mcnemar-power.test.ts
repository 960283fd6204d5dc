// Checks Connor's (1987) McNemar sample size and power against published worked examples.
import { describe, expect, it } from 'vitest';
import { mcnemarPower, mcnemarSampleSize } from './mcnemar-power.js';

describe('mcnemarSampleSize', () => {
  it('matches the HyLown powerandsamplesize.com McNemar example (formula of Connor 1987, p. 209)', () => {
    // "Compare Paired Proportions: McNemar's Z-test, 2-Sided": p01 = 0.45, p10 = 0.05, alpha = 0.05,
    // beta = 0.20 -> n = 22.01 -> ceiling 23.
    expect(mcnemarSampleSize({ delta: 0.4, discordance: 0.5 })).toBe(23);
    expect(mcnemarSampleSize({ delta: -0.4, discordance: 0.5, power: 0.8, alpha: 0.05 })).toBe(23);
  });
  it('matches a hand computation of the formula for psi = 0.2, delta = 0.1', () => {
    // [1.959964·√0.2 + 0.841621·√0.19]² / 0.01 = (0.876523 + 0.366855)² / 0.01 = 154.60 -> 155
    expect(mcnemarSampleSize({ delta: 0.1, discordance: 0.2 })).toBe(155);
  });
  it('reaches the target power at the returned n and not one pair earlier', () => {
    for (const scenario of [
      { delta: 0.4, discordance: 0.5 },
      { delta: 0.05, discordance: 0.2, power: 0.9 },
      { delta: 0.02, discordance: 0.1, power: 0.8, alpha: 0.01 },
    ]) {
      const n = mcnemarSampleSize(scenario);
      const target = scenario.power ?? 0.8;
      expect(mcnemarPower({ ...scenario, n })).toBeGreaterThanOrEqual(target);
      expect(mcnemarPower({ ...scenario, n: n - 1 })).toBeLessThan(target);
    }
  });
  it('rejects impossible or undetectable scenarios', () => {
    expect(() => mcnemarSampleSize({ delta: 0.3, discordance: 0.2 })).toThrow(/cannot exceed discordance/);
    expect(() => mcnemarSampleSize({ delta: 0, discordance: 0.2 })).toThrow(RangeError);
    expect(() => mcnemarSampleSize({ delta: 0.1, discordance: 0.2, power: 1 })).toThrow(RangeError);
  });
});

describe('mcnemarPower', () => {
  it('gives about 80% at the example sample size', () => {
    // Same example: with n = 22.01 exactly the power is 0.80; at n = 23 it is a little more.
    const power = mcnemarPower({ n: 23, delta: 0.4, discordance: 0.5 });
    expect(power).toBeGreaterThan(0.8);
    expect(power).toBeLessThan(0.83);
  });
  it('equals alpha with no true difference and grows with n', () => {
    expect(mcnemarPower({ n: 500, delta: 0, discordance: 0.3 })).toBeCloseTo(0.05, 8);
    const small = mcnemarPower({ n: 50, delta: 0.1, discordance: 0.3 });
    const large = mcnemarPower({ n: 500, delta: 0.1, discordance: 0.3 });
    expect(large).toBeGreaterThan(small);
    expect(large).toBeLessThanOrEqual(1);
  });
  it('rejects impossible scenarios', () => {
    expect(() => mcnemarPower({ n: 100, delta: 0.3, discordance: 0.2 })).toThrow(RangeError);
    expect(() => mcnemarPower({ n: -1, delta: 0.1, discordance: 0.2 })).toThrow(RangeError);
    expect(() => mcnemarPower({ n: 100, delta: 0.1, discordance: 0 })).toThrow(RangeError);
  });
});
