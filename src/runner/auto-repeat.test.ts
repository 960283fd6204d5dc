import { describe, expect, it } from 'vitest';
import { tallyBefore } from './auto-repeat.js';

describe('tallyBefore', () => {
  it('counts only the repeats before the round and skips missing ones', () => {
    const outcomes = [true, undefined, false, true, true];
    expect(tallyBefore(4, (repeat) => outcomes[repeat])).toEqual({ passed: 2, runs: 3 });
    expect(tallyBefore(0, (repeat) => outcomes[repeat])).toEqual({ passed: 0, runs: 0 });
  });
});
