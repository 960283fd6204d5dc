// Checks a case's score: pass fraction with fixed repeats, the unbiased estimate after --repeat auto.
import { describe, expect, it } from 'vitest';
import { caseEstimate } from './case-estimate.js';

describe('caseEstimate', () => {
  it('is the pass fraction without --repeat auto', () => {
    expect(caseEstimate(7, 8)).toBe(0.875);
    expect(caseEstimate(1, 1)).toBe(1);
    expect(caseEstimate(0, 0)).toBe(0);
  });
  it('is the unbiased estimate where --repeat auto stops a case', () => {
    expect(caseEstimate(7, 8, { maxRepeats: 10 })).toBeCloseTo(0.75, 12);
    expect(caseEstimate(4, 4, { maxRepeats: 10 })).toBe(1);
    expect(caseEstimate(0, 4, { maxRepeats: 10 })).toBe(0);
    expect(caseEstimate(8, 10, { maxRepeats: 10 })).toBeCloseTo(0.6818181818181818, 12);
  });
  it('falls back to the pass fraction where the plan never stops (an interrupted run)', () => {
    // 2 of 3 is not decided and not the maximum: the case was cut short
    expect(caseEstimate(2, 3, { maxRepeats: 10 })).toBeCloseTo(2 / 3, 15);
    // more runs than the plan allows: not a run of this plan at all
    expect(caseEstimate(11, 12, { maxRepeats: 10 })).toBeCloseTo(11 / 12, 15);
  });
});
