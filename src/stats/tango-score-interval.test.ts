// Checks Tango's score interval against a published example and an independent implementation, and that the
// interval and the one-sided score test always agree (issue 9, row C).
import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.js';
import { pairedScorePWorse, tangoScoreInterval } from './tango-score-interval.js';

describe('tangoScoreInterval', () => {
  it('matches Fagerland, Lydersen & Laake (2017, ch. 8) for the Cavo et al. (2012) data', () => {
    // Paired table [[59, 6], [16, 80]], n = 161: estimate −0.0621, Tango asymptotic score 95% CI −0.1240 to
    // −0.0054, as the R package contingencytables (Tango_asymptotic_score_CI_paired_2x2) prints it.
    const result = tangoScoreInterval(16, 6, 161);
    expect(result.diff).toBeCloseTo(-0.0621, 4);
    expect(result.interval[0]).toBeCloseTo(-0.124, 4);
    expect(result.interval[1]).toBeCloseTo(-0.0054, 4);
  });

  it('agrees to 1e-8 with an independent implementation (python, scipy.optimize.brentq on Tango’s statistic)', () => {
    const cases: Array<[number, number, number, number, number]> = [
      [16, 6, 161, -0.1240234325, -0.0054333957],
      [20, 40, 160, 0.0308645331, 0.2180642442],
      [7, 1, 21, -0.5172322764, -0.0260030325],
      [5, 0, 20, -0.4687008776, -0.0485935524],
      [0, 3, 10, -0.0607926398, 0.6032218525],
      [0, 0, 30, -0.1135133932, 0.1135133932],
      [180, 250, 2000, 0.0147409453, 0.0553690873],
    ];
    for (const [regressions, fixes, n, low, high] of cases) {
      const { interval } = tangoScoreInterval(regressions, fixes, n);
      expect(interval[0]).toBeCloseTo(low, 8);
      expect(interval[1]).toBeCloseTo(high, 8);
    }
  });

  it('uses the asymptotic McNemar statistic at zero for its one-sided p-values', () => {
    // 5 regressions, no fix: Z = −5/√5 = −2.236, Φ(−2.236) = 0.012674
    expect(pairedScorePWorse(5, 0)).toBeCloseTo(0.0126736, 6);
    const result = tangoScoreInterval(5, 0, 20);
    expect(result.pWorse).toBe(pairedScorePWorse(5, 0));
    expect(result.pBetter).toBeCloseTo(1 - 0.0126736, 6);
    expect(pairedScorePWorse(0, 0)).toBe(0.5);
  });

  it('handles the corners: no pairs, no discordant pair, all regressions, all fixes', () => {
    expect(tangoScoreInterval(0, 0, 0)).toEqual({ diff: 0, interval: [-1, 1], pWorse: 0.5, pBetter: 0.5 });
    const none = tangoScoreInterval(0, 0, 12);
    expect(none.pWorse).toBe(0.5);
    expect(none.interval[0]).toBeCloseTo(-none.interval[1], 10);
    const allWorse = tangoScoreInterval(20, 0, 20);
    expect(allWorse.interval[0]).toBe(-1);
    expect(allWorse.interval[1]).toBeCloseTo(-0.6777496839, 8);
    const allBetter = tangoScoreInterval(0, 20, 20);
    expect(allBetter.interval[1]).toBe(1);
    expect(allBetter.interval[0]).toBeCloseTo(0.6777496839, 8);
  });

  it('row C: the interval ends below zero exactly when pWorse < 0.025, on every table with n = 20..80', () => {
    let tables = 0;
    for (let n = 20; n <= 80; n++) {
      for (let regressions = 0; regressions <= n; regressions++) {
        for (let fixes = 0; regressions + fixes <= n; fixes++) {
          const { diff, interval, pWorse, pBetter } = tangoScoreInterval(regressions, fixes, n);
          tables += 1;
          if (interval[1] < 0 !== pWorse < 0.025 || interval[0] > 0 !== pBetter < 0.025) {
            throw new Error(`disagreement at regressions ${regressions}, fixes ${fixes}, n ${n}`);
          }
          if (!(interval[0] <= diff && diff <= interval[1])) throw new Error(`estimate outside at ${n}`);
        }
      }
    }
    expect(tables).toBe(90_341);
  });

  it('row C: and on a seeded sample of larger tables up to n = 2000', () => {
    const random = seededRandom(9);
    for (let i = 0; i < 3000; i++) {
      const n = 81 + Math.floor(random() * 1920);
      const discordant = Math.floor(random() ** 2 * (n + 1));
      const regressions = Math.floor(random() * (discordant + 1));
      const { interval, pWorse, pBetter } = tangoScoreInterval(regressions, discordant - regressions, n);
      expect([interval[1] < 0, interval[0] > 0]).toEqual([pWorse < 0.025, pBetter < 0.025]);
    }
  });

  it('rejects impossible tables', () => {
    expect(() => tangoScoreInterval(3, 3, 5)).toThrow(RangeError);
    expect(() => tangoScoreInterval(-1, 0, 5)).toThrow(RangeError);
    expect(() => tangoScoreInterval(1, 0, 5, 1)).toThrow(RangeError);
  });
});
