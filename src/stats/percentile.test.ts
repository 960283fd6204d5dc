// Checks percentiles against values numpy.percentile returns for the same inputs.
import { describe, expect, it } from 'vitest';
import { percentile } from './percentile.js';

describe('percentile', () => {
  it('interpolates linearly like numpy', () => {
    // numpy.percentile([1, 2, 3, 4], [0, 25, 50, 90, 100]) -> [1, 1.75, 2.5, 3.7, 4]
    expect(percentile([1, 2, 3, 4], 0)).toBe(1);
    expect(percentile([1, 2, 3, 4], 25)).toBeCloseTo(1.75, 12);
    expect(percentile([1, 2, 3, 4], 50)).toBeCloseTo(2.5, 12);
    expect(percentile([1, 2, 3, 4], 90)).toBeCloseTo(3.7, 12);
    expect(percentile([1, 2, 3, 4], 100)).toBe(4);
  });
  it('matches numpy on an uneven latency sample', () => {
    // numpy.percentile([120, 180, 200, 450, 1300], 95) -> 1130.0; 99 -> 1266.0
    const sorted = [120, 180, 200, 450, 1300];
    expect(percentile(sorted, 95)).toBeCloseTo(1130, 9);
    expect(percentile(sorted, 99)).toBeCloseTo(1266, 9);
  });
  it('returns the only value of a single-element list', () => {
    expect(percentile([42], 99)).toBe(42);
  });
  it('returns undefined for no values', () => {
    expect(percentile([], 50)).toBeUndefined();
  });
  it('rejects p outside 0..100', () => {
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});
