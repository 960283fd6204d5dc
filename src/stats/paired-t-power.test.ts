// Checks the approximate power of the adjusted paired t against a hand computation and a simulation.
import { describe, expect, it } from 'vitest';
import { adjustedPairedT } from './adjusted-paired-t.js';
import { pairedTPower, pairedTSampleSize } from './paired-t-power.js';
import { seededRandom } from './seeded-random.js';

describe('pairedTPower', () => {
  it('matches the formula by hand (scipy: norm.cdf(0.1·30/32·√32/0.3 − t.ppf(0.975, 31)))', () => {
    expect(pairedTPower({ n: 30, drop: 0.1, spread: 0.3 })).toBeCloseTo(0.3929084747050135, 10);
  });
  it('is close to the rejection rate of the procedure itself', () => {
    // differences of ±0.5 and 0 with mean −0.15: the procedure's spread is about 0.42 at n = 60
    const random = seededRandom(3);
    const n = 60;
    let rejected = 0;
    let spreadSum = 0;
    const trials = 2000;
    for (let trial = 0; trial < trials; trial++) {
      const differences = Array.from({ length: n }, () => {
        const u = random();
        return u < 0.35 ? -0.5 : u < 0.4 ? 0.5 : 0;
      });
      if (adjustedPairedT(differences).pWorse < 0.025) rejected += 1;
      const values = [...differences, 1, -1];
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
      spreadSum += Math.sqrt(
        values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1),
      );
    }
    const predicted = pairedTPower({ n, drop: 0.15, spread: spreadSum / trials });
    expect(Math.abs(rejected / trials - predicted)).toBeLessThan(0.05);
  });
  it('gives the fewest cases for 80%, and none for no drop', () => {
    const n = pairedTSampleSize({ drop: 0.1, spread: 0.3 }) ?? 0;
    expect(pairedTPower({ n, drop: 0.1, spread: 0.3 })).toBeGreaterThanOrEqual(0.8);
    expect(pairedTPower({ n: n - 1, drop: 0.1, spread: 0.3 })).toBeLessThan(0.8);
    expect(pairedTSampleSize({ drop: 0, spread: 0.3 })).toBeNull();
  });
});
