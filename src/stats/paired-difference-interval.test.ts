// Checks Newcombe's paired method-10 interval against published worked examples.
import { describe, expect, it } from 'vitest';
import { pairedDifferenceInterval } from './paired-difference-interval.js';
import { wilsonInterval } from './wilson-interval.js';

describe('pairedDifferenceInterval', () => {
  it("matches Newcombe's (1998) example e = 36, f = 12, g = 2, h = 0", () => {
    // Newcombe, Stat Med 17:2635–2650, table of 95% intervals for the example data sets,
    // method 10: theta-hat = +0.2000, interval 0.0569 to 0.3404. The first variable is the candidate,
    // so f = 12 are fixes and g = 2 regressions.
    const [low, high] = pairedDifferenceInterval(2, 12, 50, 36);
    expect(low).toBeCloseTo(0.0569, 4);
    expect(high).toBeCloseTo(0.3404, 4);
  });
  it('matches Fagerland, Lydersen & Laake (2017), ch. 8, Cavo et al. (2012) data', () => {
    // Statistical Analysis of Contingency Tables, paired 2x2 table [[59, 6], [16, 80]], n = 161:
    // Newcombe square-and-add estimate -0.0621, 95% CI -0.1186 to -0.0046 (reproduced by the
    // R package contingencytables, Newcombe_square_and_add_CI_paired_2x2).
    const [low, high] = pairedDifferenceInterval(16, 6, 161, 59);
    expect(low).toBeCloseTo(-0.1186, 4);
    expect(high).toBeCloseTo(-0.0046, 4);
  });
  it('flips sign when the roles of regressions and fixes swap', () => {
    const [low, high] = pairedDifferenceInterval(12, 2, 50, 36);
    expect(low).toBeCloseTo(-0.3404, 4);
    expect(high).toBeCloseTo(-0.0569, 4);
  });
  it('reduces to the independent square-and-add interval when phi-hat is 0', () => {
    // a = 6, b = 2, c = 3, d = 1: a·d − b·c = 0 -> phi-hat = 0.
    const [low, high] = pairedDifferenceInterval(2, 3, 12, 6);
    const [cLow, cHigh] = wilsonInterval(9, 12);
    const [bLow, bHigh] = wilsonInterval(8, 12);
    const d = 9 / 12 - 8 / 12;
    expect(low).toBeCloseTo(d - Math.hypot(9 / 12 - cLow, bHigh - 8 / 12), 12);
    expect(high).toBeCloseTo(d + Math.hypot(8 / 12 - bLow, cHigh - 9 / 12), 12);
  });
  it('stays inside [-1, 1] and contains the estimate', () => {
    for (const [a, b, c, n] of [
      [0, 0, 10, 10],
      [0, 10, 0, 10],
      [1, 1, 1, 4],
      [90, 0, 0, 100],
      [0, 3, 7, 10],
    ] as const) {
      const [low, high] = pairedDifferenceInterval(b, c, n, a);
      expect(low).toBeGreaterThanOrEqual(-1);
      expect(high).toBeLessThanOrEqual(1);
      expect(low).toBeLessThanOrEqual((c - b) / n + 1e-12);
      expect(high).toBeGreaterThanOrEqual((c - b) / n - 1e-12);
    }
  });
  it('knows nothing with no pairs', () => {
    expect(pairedDifferenceInterval(0, 0, 0, 0)).toEqual([-1, 1]);
  });
  it('rejects a confidence passed where bothPassed belongs', () => {
    expect(() => pairedDifferenceInterval(2, 12, 50, 0.95)).toThrow(RangeError);
  });
  it('rejects impossible tables and confidences', () => {
    expect(() => pairedDifferenceInterval(3, 3, 10, 5)).toThrow(RangeError);
    expect(() => pairedDifferenceInterval(-1, 3, 10, 0)).toThrow(RangeError);
    expect(() => pairedDifferenceInterval(1, 3, 10, 0, 1)).toThrow(RangeError);
  });
});
