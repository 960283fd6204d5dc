// Checks Student's t CDF and quantile against scipy.stats.t and the closed forms for 1 and 2 degrees of freedom.
import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from './student-t.js';

describe('studentTCdf', () => {
  it('matches scipy.stats.t.cdf', () => {
    const cases: Array<[number, number, number]> = [
      [1.5, 1, 0.8128329581890011],
      [-2, 5, 0.050969739414929174],
      [2.5, 30, 0.9909421754659666],
      [-4, 162, 4.805363386243115e-5],
      [10, 3, 0.9989358004707929],
      [-30, 12, 5.886590953509468e-13],
      [0.3, 1000, 0.617880247916378],
    ];
    for (const [t, df, expected] of cases) expect(studentTCdf(t, df) / expected).toBeCloseTo(1, 11);
  });
  it('has the closed forms of 1 (Cauchy) and 2 degrees of freedom', () => {
    for (const t of [-7, -0.4, 0, 1.3, 25]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 13);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 13);
    }
  });
  it('rejects a NaN or a non-positive df', () => {
    expect(() => studentTCdf(Number.NaN, 3)).toThrow(RangeError);
    expect(() => studentTCdf(1, 0)).toThrow(RangeError);
  });
});

describe('studentTQuantile', () => {
  it('matches scipy.stats.t.ppf', () => {
    const cases: Array<[number, number, number]> = [
      [0.975, 1, 12.706204736174694],
      [0.975, 5, 2.5705818356363146],
      [0.975, 31, 2.039513446396408],
      [0.975, 162, 1.974715785923791],
      [0.025, 11, -2.2009851600916392],
      [0.999, 3, 10.214531852407383],
    ];
    for (const [p, df, expected] of cases) expect(studentTQuantile(p, df)).toBeCloseTo(expected, 11);
  });
  it('inverts the CDF, far into the tails too', () => {
    for (const df of [1, 2.5, 7, 60, 5000]) {
      for (const p of [1e-12, 0.001, 0.025, 0.3, 0.5, 0.9, 0.975]) {
        expect(studentTCdf(studentTQuantile(p, df), df) / p).toBeCloseTo(1, 9);
      }
    }
  });
  it('rejects p outside (0, 1)', () => {
    expect(() => studentTQuantile(0, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
  });
});
