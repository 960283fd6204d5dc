// Checks the Girshick-Mosteller-Savage estimate: exactly unbiased for `--repeat auto`'s plan at every p, by
// enumerating every sequence of outcomes, and equal to hand-counted paths on a small plan.
import { describe, expect, it } from 'vitest';
import { isCaseDecided } from './is-case-decided.js';
import { unbiasedEstimator } from './sequential-unbiased-estimate.js';

/** Every way a case can run under the plan, with its probability at p: where it stops and with what. */
const stoppingPoints = (
  stops: (passed: number, runs: number) => boolean,
  maxRuns: number,
  p: number,
): Array<{ passed: number; runs: number; probability: number }> => {
  const points: Array<{ passed: number; runs: number; probability: number }> = [];
  const walk = (passed: number, runs: number, probability: number): void => {
    if (runs === maxRuns || (runs > 0 && stops(passed, runs))) {
      points.push({ passed, runs, probability });
      return;
    }
    walk(passed + 1, runs + 1, probability * p);
    walk(passed, runs + 1, probability * (1 - p));
  };
  walk(0, 0, 1);
  return points;
};

describe('unbiasedEstimator', () => {
  it('counts paths by hand on a small plan: stop after two first passes, else at three runs', () => {
    const stops = (passed: number, runs: number) => runs === 2 && passed === 2;
    const estimate = unbiasedEstimator({ stops, maxRuns: 3 });
    expect(estimate(2, 2)).toBe(1);
    // PFP and FPP reach (2 passes, 3 runs); one starts with a pass
    expect(estimate(2, 3)).toBe(0.5);
    // PFF, FPF, FFP
    expect(estimate(1, 3)).toBeCloseTo(1 / 3, 15);
    expect(estimate(0, 3)).toBe(0);
    // never a stopping point: (3 passes, 3 runs) is unreachable, (1, 2) is passed through
    expect(estimate(3, 3)).toBeUndefined();
    expect(estimate(1, 2)).toBeUndefined();
  });

  it('is exactly unbiased for the --repeat auto plan at every pass probability (max 10 repeats)', () => {
    const estimate = unbiasedEstimator({ stops: isCaseDecided, maxRuns: 10 });
    for (const p of [0.05, 0.3, 0.5, 0.8, 0.97]) {
      let mean = 0;
      let naive = 0;
      for (const point of stoppingPoints(isCaseDecided, 10, p)) {
        const value = estimate(point.passed, point.runs);
        if (value === undefined) throw new Error(`no estimate at ${point.passed}/${point.runs}`);
        mean += point.probability * value;
        naive += (point.probability * point.passed) / point.runs;
      }
      expect(mean).toBeCloseTo(p, 12);
      if (p === 0.8) expect(naive).toBeCloseTo(0.8509, 4);
    }
  });

  it('gives the estimates of the --repeat auto plan where it stops at the maximum of 10', () => {
    const estimate = unbiasedEstimator({ stops: isCaseDecided, maxRuns: 10 });
    expect(estimate(4, 4)).toBe(1);
    expect(estimate(0, 4)).toBe(0);
    // 7 of 8 stops the case: the first run passed in 1 of the 4 paths that get there without stopping
    expect(estimate(7, 8)).toBeCloseTo(0.75, 14);
    expect(estimate(5, 10)).toBeCloseTo(0.5, 14);
    expect(estimate(8, 10)).toBeCloseTo(0.6818181818181818, 14);
    expect(estimate(4, 10)).toBeCloseTo(0.42783505154639173, 14);
  });

  it('stays finite for a plan of thousands of runs', () => {
    const estimate = unbiasedEstimator({ stops: isCaseDecided, maxRuns: 3000 });
    for (const passed of [0, 1400, 1500, 1600, 3000]) {
      const value = estimate(passed, 3000);
      if (value !== undefined) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
    }
    expect(estimate(1500, 3000)).toBeCloseTo(0.5, 10);
  });
});
