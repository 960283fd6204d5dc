// Checks the adjusted paired t procedure against Bonett & Price's published interval and an independent
// implementation, and that its interval and its one-sided tests always agree.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustedPairedT } from './adjusted-paired-t.js';
import { normalQuantile } from './normal-quantile.js';
import { studentTQuantile } from './student-t.js';

describe('adjustedPairedT', () => {
  it("on 0/1 outcomes is Bonett & Price's adjusted Wald interval, with t and n + 1 in place of z and n + 2", () => {
    // Cavo et al. (2012) in Fagerland, Lydersen & Laake (2017, ch. 8): 16 regressions, 6 fixes, n = 161. The
    // Bonett-Price adjusted Wald 95% interval is −0.1195 to −0.0032 (R contingencytables); same centre here,
    // the half-width scaled by t(0.975, 162)/z(0.975) and √(163/162).
    const differences = [...Array(16).fill(-1), ...Array(6).fill(1), ...Array(139).fill(0)];
    const result = adjustedPairedT(differences);
    const centre = (-0.1195 + -0.0032) / 2;
    const half =
      ((-0.0032 - -0.1195) / 2) *
      (studentTQuantile(0.975, 162) / normalQuantile(0.975)) *
      Math.sqrt(163 / 162);
    expect(result.interval[0]).toBeCloseTo(centre - half, 4);
    expect(result.interval[1]).toBeCloseTo(centre + half, 4);
    expect(result.diff).toBeCloseTo(-10 / 161, 12);
    expect(result.degreesOfFreedom).toBe(162);
  });

  it('agrees with an independent implementation (numpy and scipy.stats.t)', () => {
    const cases: Array<[number[], number, number, number]> = [
      [Array(30).fill(-0.5), -0.5704941137894091, -0.3670058862105909, 6.938108354179694e-11],
      [
        [...Array(20).fill(-0.5), ...Array(10).fill(0.25)],
        -0.3912254324934112,
        -0.07752456750658882,
        0.002343176886950337,
      ],
      [[0.25, -1 / 3, 0, 0.5, -0.75, 0.1], -0.5754944418629787, 0.5171611085296454, 0.45154585522616464],
    ];
    for (const [differences, low, high, pWorse] of cases) {
      const result = adjustedPairedT(differences);
      expect(result.interval[0]).toBeCloseTo(low, 11);
      expect(result.interval[1]).toBeCloseTo(high, 11);
      expect(result.pWorse / pWorse).toBeCloseTo(1, 8);
    }
  });

  it('keeps a spread when every case moves by the same amount, where a plain t interval would be a point', () => {
    const { interval, diff } = adjustedPairedT(Array(30).fill(-0.5));
    expect(diff).toBe(-0.5);
    expect(interval[1] - interval[0]).toBeGreaterThan(0.2);
  });

  it('knows nothing with no case, and stays within [-1, 1]', () => {
    const empty = adjustedPairedT([]);
    expect(empty).toMatchObject({ diff: 0, interval: [-1, 1], pWorse: 0.5, pBetter: 0.5 });
    expect(adjustedPairedT(Array(5).fill(1)).interval[1]).toBe(1);
  });

  it('agrees with its tests and contains the plain mean, on any differences (fuzzed)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -12, max: 12 }), { maxLength: 300 }),
        fc.constantFrom(2, 3, 4, 5, 12),
        (steps, denominator) => {
          const differences = steps.map((step) => Math.max(-1, Math.min(1, step / denominator)));
          const { diff, interval, pWorse, pBetter } = adjustedPairedT(differences);
          expect(interval[1] < 0).toBe(pWorse < 0.025);
          expect(interval[0] > 0).toBe(pBetter < 0.025);
          expect(interval[0]).toBeLessThanOrEqual(diff);
          expect(interval[1]).toBeGreaterThanOrEqual(diff);
        },
      ),
      { numRuns: 2000, seed: 9 },
    );
  });

  it('rejects differences outside [-1, 1]', () => {
    expect(() => adjustedPairedT([0.5, 1.5])).toThrow(RangeError);
    expect(() => adjustedPairedT([Number.NaN])).toThrow(RangeError);
  });
});
