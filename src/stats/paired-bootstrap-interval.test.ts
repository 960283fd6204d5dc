// Checks the paired percentile bootstrap on cases whose answer is known without resampling.
import { describe, expect, it } from 'vitest';
import { pairedBootstrapInterval } from './paired-bootstrap-interval.js';

describe('pairedBootstrapInterval', () => {
  it('collapses to the difference when every case differs by the same amount', () => {
    const baseline = [0.2, 0.5, 0.6, 0.1, 0.3];
    const candidate = baseline.map((value) => value + 0.2);
    const [low, high] = pairedBootstrapInterval(baseline, candidate);
    expect(low).toBeCloseTo(0.2, 12);
    expect(high).toBeCloseTo(0.2, 12);
  });
  it('gives [0, 0] for identical models', () => {
    const same = [1, 0, 0.5, 0.75];
    expect(pairedBootstrapInterval(same, same)).toEqual([0, 0]);
  });
  it('brackets the true mean difference for symmetric differences', () => {
    // Differences -0.4, -0.2, 0, 0.2, 0.4, 0.6 repeated: symmetric around a mean of 0.1.
    const baseline: number[] = [];
    const candidate: number[] = [];
    for (let k = 0; k < 10; k++) {
      for (const d of [-0.4, -0.2, 0, 0.2, 0.4, 0.6]) {
        baseline.push(0.4);
        candidate.push(0.4 + d);
      }
    }
    const [low, high] = pairedBootstrapInterval(baseline, candidate, { resamples: 4000, seed: 11 });
    expect(low).toBeLessThan(0.1);
    expect(high).toBeGreaterThan(0.1);
    // Roughly symmetric, with the normal-theory half width 1.96·sd/√n = 1.96·0.3416/√60 = 0.0864.
    expect(0.1 - low).toBeCloseTo(high - 0.1, 1);
    expect((high - low) / 2).toBeCloseTo(0.0864, 1);
  });
  it('is deterministic for a seed and varies with it', () => {
    // Irregular fractions so different resample streams give visibly different percentiles.
    const baseline = Array.from({ length: 40 }, (_, i) => ((i * 37) % 41) / 41);
    const candidate = Array.from({ length: 40 }, (_, i) => ((i * 23 + 5) % 43) / 43);
    const first = pairedBootstrapInterval(baseline, candidate, { seed: 3 });
    expect(pairedBootstrapInterval(baseline, candidate, { seed: 3 })).toEqual(first);
    expect(pairedBootstrapInterval(baseline, candidate, { seed: 4 })).not.toEqual(first);
  });
  it('widens with higher confidence', () => {
    const baseline = [0, 1, 1, 0, 0.5, 1, 0, 1, 0.5, 0];
    const candidate = [1, 1, 0, 1, 0.5, 1, 1, 1, 0, 0.5];
    const [low90, high90] = pairedBootstrapInterval(baseline, candidate, { confidence: 0.9 });
    const [low99, high99] = pairedBootstrapInterval(baseline, candidate, { confidence: 0.99 });
    expect(low99).toBeLessThanOrEqual(low90);
    expect(high99).toBeGreaterThanOrEqual(high90);
  });
  it('knows nothing with no cases', () => {
    expect(pairedBootstrapInterval([], [])).toEqual([-1, 1]);
  });
  it('rejects unequal lengths and bad options', () => {
    expect(() => pairedBootstrapInterval([1, 0], [1])).toThrow(RangeError);
    expect(() => pairedBootstrapInterval([1], [1.5])).toThrow(RangeError);
    expect(() => pairedBootstrapInterval([1], [1], { resamples: 0 })).toThrow(RangeError);
    expect(() => pairedBootstrapInterval([1], [1], { confidence: 1 })).toThrow(RangeError);
  });
});
