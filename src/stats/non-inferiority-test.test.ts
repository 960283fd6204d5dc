// Checks the score tests against the classic pooled two-proportion test and the likelihood they maximise.
import { describe, expect, it } from 'vitest';
import { restrictedRates, scoreTestBelow, scoreTestBelowRate } from './non-inferiority-test.js';

const logLikelihood = (x1: number, n1: number, p1: number, x2: number, n2: number, p2: number): number =>
  x1 * Math.log(p1) + (n1 - x1) * Math.log(1 - p1) + x2 * Math.log(p2) + (n2 - x2) * Math.log(1 - p2);

describe('scoreTestBelow', () => {
  it('is the pooled two-proportion z test when the margin is 0 (45/100 against 60/100)', () => {
    // pooled p = 105/200 = 0.525; SE = sqrt(0.525 * 0.475 * (1/100 + 1/100)) = 0.070622
    // z = (0.45 - 0.60) / 0.070622 = -2.1240; one-sided p = Φ(-2.1240) = 0.01683
    const result = scoreTestBelow({ successes: 45, total: 100 }, { successes: 60, total: 100 }, 0);
    expect(result.z).toBeCloseTo(-2.124, 3);
    expect(result.p).toBeCloseTo(0.01683, 4);
  });

  it('restricts the rates to the null difference at their most likely values', () => {
    const first = { successes: 30, total: 50 };
    const second = { successes: 70, total: 80 };
    const [p1, p2] = restrictedRates(first, second, -0.1);
    expect(p1 - p2).toBeCloseTo(-0.1, 10);
    const best = logLikelihood(30, 50, p1, 70, 80, p2);
    // any other pair on the constraint line is less likely
    for (const step of [-0.01, 0.01, -0.001, 0.001]) {
      expect(logLikelihood(30, 50, p1 + step, 70, 80, p2 + step)).toBeLessThan(best);
    }
  });

  it('calls a drop larger than the margin, and not one within it', () => {
    const reference = { successes: 95, total: 100 };
    expect(scoreTestBelow({ successes: 60, total: 100 }, reference, 0.05).p).toBeLessThan(0.001);
    expect(scoreTestBelow({ successes: 93, total: 100 }, reference, 0.05).p).toBeGreaterThan(0.3);
  });

  it('gives a finite answer at rates of 0 and 1 on both sides', () => {
    const perfect = { successes: 40, total: 40 };
    expect(scoreTestBelow({ successes: 0, total: 10 }, perfect, 0.05).p).toBeLessThan(0.001);
    expect(scoreTestBelow({ successes: 10, total: 10 }, perfect, 0.05).p).toBeGreaterThan(0.5);
    expect(scoreTestBelow({ successes: 0, total: 10 }, { successes: 0, total: 40 }, 0.05).p).toBeGreaterThan(
      0.5,
    );
  });

  it('refuses impossible counts', () => {
    expect(() => scoreTestBelow({ successes: 3, total: 2 }, { successes: 1, total: 1 }, 0)).toThrow(
      RangeError,
    );
    expect(() => scoreTestBelow({ successes: 0, total: 0 }, { successes: 1, total: 1 }, 0)).toThrow(
      RangeError,
    );
  });
});

describe('scoreTestBelowRate', () => {
  it('tests against a known rate minus the margin (40/50 against 0.95 − 0.05)', () => {
    // null rate 0.9; SE = sqrt(0.9 * 0.1 / 50) = 0.042426; z = (0.8 - 0.9) / 0.042426 = -2.357; p = 0.00921
    const result = scoreTestBelowRate({ successes: 40, total: 50 }, 0.95, 0.05);
    expect(result.z).toBeCloseTo(-2.357, 3);
    expect(result.p).toBeCloseTo(0.00921, 4);
  });
});
