// Checks the Wilson interval against published worked examples.
import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson-interval.js';

describe('wilsonInterval', () => {
  it('matches the 81/263 worked example at 95%', () => {
    // p = 81/263 = 0.307985, z = 1.959964, z^2 = 3.841459, n = 263
    // denominator = 1 + 3.841459/263 = 1.014606
    // centre = (0.307985 + 3.841459/526) / 1.014606 = 0.315288 / 1.014606 = 0.310749
    // half = 1.959964/1.014606 * sqrt(0.307985*0.692015/263 + 3.841459/276676)
    //      = 1.931749 * sqrt(0.000810385 + 0.0000138843) = 1.931749 * 0.0287101 = 0.055461
    // -> [0.2553, 0.3662]
    const [low, high] = wilsonInterval(81, 263);
    expect(low).toBeCloseTo(0.2553, 4);
    expect(high).toBeCloseTo(0.3662, 4);
  });
  it('gives a non-degenerate interval for 0 and for all successes', () => {
    // 0/10 at 95%: [0, z^2/(n+z^2)] = [0, 3.841459/13.841459] = [0, 0.2775]
    const [zeroLow, zeroHigh] = wilsonInterval(0, 10);
    expect(zeroLow).toBe(0);
    expect(zeroHigh).toBeCloseTo(0.2775, 4);
    const [allLow, allHigh] = wilsonInterval(10, 10);
    expect(allLow).toBeCloseTo(0.7225, 4);
    expect(allHigh).toBe(1);
  });
  it('widens with higher confidence', () => {
    const [low95, high95] = wilsonInterval(50, 100);
    const [low99, high99] = wilsonInterval(50, 100, 0.99);
    expect(low99).toBeLessThan(low95);
    expect(high99).toBeGreaterThan(high95);
    // 50/100 at 99%: z = 2.575829, z^2 = 6.634897, centre = 0.5,
    // half = 2.575829/1.066349 * sqrt(0.0025 + 6.634897/40000) = 2.415557 * 0.0516321 = 0.124720
    expect(low99).toBeCloseTo(0.37528, 4);
    expect(high99).toBeCloseTo(0.62472, 4);
  });
  it('knows nothing with no trials', () => {
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });
  it('rejects impossible counts and confidences', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 2, 1)).toThrow(RangeError);
  });
});
