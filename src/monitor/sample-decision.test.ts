// Sampling by trace id: the same id always gets the same answer, and the share sampled follows the rate.
import { describe, expect, it } from 'vitest';
import { isSampled } from './sample-decision.js';

const ids = Array.from(
  { length: 20_000 },
  (_, index) => `chatcmpl-${index.toString(36)}x${(index * 7919) % 1000}`,
);

describe('isSampled', () => {
  it('samples about the rate asked for, over ids that differ only at the end', async () => {
    for (const rate of [0.05, 0.25, 0.5]) {
      const share = ids.filter((id) => isSampled(id, rate)).length / ids.length;
      // a binomial share over 20,000 ids is within 4 standard errors of the rate
      expect(Math.abs(share - rate)).toBeLessThan(4 * Math.sqrt((rate * (1 - rate)) / ids.length));
    }
  });

  it('gives the same answer for the same id every time, and nests: sampled at 5% means sampled at 50%', async () => {
    const at5 = ids.filter((id) => isSampled(id, 0.05));
    expect(ids.filter((id) => isSampled(id, 0.05))).toEqual(at5);
    expect(at5.every((id) => isSampled(id, 0.5))).toBe(true);
  });

  it('samples every id at 1 and none at 0', async () => {
    expect(ids.every((id) => isSampled(id, 1))).toBe(true);
    expect(ids.some((id) => isSampled(id, 0))).toBe(false);
  });
});
