// Checks the comparison: pairing, statuses by direction, one procedure for test, interval and gate (issue 9,
// rows B, B′ and C at the scorecard level; the CLI is tested in test/compare-decisions.e2e.test.ts).
import { describe, expect, it } from 'vitest';
import { compareSides } from './compare-sides.js';
import type { CaseOutcome, ComparisonSide } from './comparison-side.js';

const outcome = (caseId: string, pass: boolean, repeat = 0, prompt = 'p'): CaseOutcome => ({
  prompt,
  caseId,
  repeat,
  pass,
  output: pass ? 'right' : 'wrong',
  reasons: pass ? [] : ['contains: missing'],
});

const side = (
  label: string,
  outcomes: CaseOutcome[],
  autoRepeat?: { maxRepeats: number },
): ComparisonSide => ({
  label,
  runId: null,
  model: label,
  outcomes,
  ...(autoRepeat ? { autoRepeat } : {}),
});

/** `count` cases from `first` on, each passing its first `passes` of `runs` repeats. */
const cases = (first: number, count: number, passes: number, runs: number): CaseOutcome[] =>
  Array.from({ length: count }, (_, i) =>
    Array.from({ length: runs }, (_, repeat) => outcome(`c${first + i}`, repeat < passes, repeat)),
  ).flat();

const gate = { maxDrop: 0, requireNonInferiority: false, detect: 0.05, alpha: 0.05 };

describe('compareSides', () => {
  it('with repeats, compares pass fractions, counts each case by the direction of its change, and uses the adjusted t', () => {
    const baseline = side('a', [...cases(0, 1, 2, 2), ...cases(1, 1, 0, 2)]);
    const candidate = side('b', [...cases(0, 1, 1, 2), ...cases(1, 1, 2, 2)]);
    const result = compareSides(baseline, candidate, gate);
    expect(result).toMatchObject({
      pairs: 2,
      repeats: true,
      regressed: 1,
      fixed: 1,
      unchanged: 0,
      method: 'adjusted-paired-t',
      mcnemarP: null,
    });
    // c0: 1 -> 0.5, c1: 0 -> 1; mean difference (−0.5 + 1) / 2
    expect(result.diff).toBeCloseTo(0.25, 10);
    expect(result.cases.find((item) => item.caseId === 'c0')).toMatchObject({
      status: 'regressed',
      candidate: { output: 'wrong' },
    });
  });

  it('row C: 5 regressed and 0 fixed of 20 is a credible drop, and the interval and the p-value agree', () => {
    const baseline = side('a', cases(0, 20, 1, 1));
    const candidate = side('b', [...cases(0, 5, 0, 1), ...cases(5, 15, 1, 1)]);
    const result = compareSides(baseline, candidate, gate);
    expect(result).toMatchObject({ method: 'tango-score', decision: 'fail', gate: { fired: true } });
    expect(result.pWorse).toBeLessThan(0.025);
    expect(result.diffCi95[1]).toBeLessThan(0);
    expect(result.mcnemarP).toBeCloseTo(0.0625, 12);
  });

  it('row B: 30 cases from 4/4 to 2/4 are a credible drop of 50 points', () => {
    const result = compareSides(side('a', cases(0, 30, 4, 4)), side('b', cases(0, 30, 2, 4)), gate);
    expect(result).toMatchObject({ regressed: 30, decision: 'fail', gate: { rule: 'default', fired: true } });
    expect(result.diff).toBeCloseTo(-0.5, 12);
    expect(result.diffCi95[1]).toBeLessThan(0);
  });

  it('row B′: the fixes of 10 cases from 1/4 to 2/4 do not hide the 20 regressions from 4/4 to 2/4', () => {
    const baseline = side('a', [...cases(0, 20, 4, 4), ...cases(20, 10, 1, 4)]);
    const candidate = side('b', [...cases(0, 20, 2, 4), ...cases(20, 10, 2, 4)]);
    const result = compareSides(baseline, candidate, gate);
    expect(result).toMatchObject({ regressed: 20, fixed: 10, decision: 'fail' });
    // and with only the fixes, no drop at all
    const fixesOnly = compareSides(side('a', cases(20, 10, 1, 4)), side('b', cases(20, 10, 2, 4)), gate);
    expect(fixesOnly).toMatchObject({ regressed: 0, fixed: 10, decision: 'pass' });
    expect(fixesOnly.pWorse).toBeGreaterThan(0.5);
  });

  it('counts equal fractions between 0 and 1 as unchanged', () => {
    const result = compareSides(side('a', cases(0, 12, 1, 2)), side('b', cases(0, 12, 1, 2)), gate);
    expect(result).toMatchObject({ unchanged: 12, regressed: 0, fixed: 0, stillPassing: 0, stillFailing: 0 });
  });

  it('scores a side of a --repeat auto run by the unbiased estimate', () => {
    // stopped at 7 of 8: the estimate is 0.75, not 7/8
    const auto = side('a', cases(0, 12, 7, 8), { maxRepeats: 10 });
    const result = compareSides(auto, side('b', cases(0, 12, 3, 4)), gate);
    expect(result.baselinePassRate).toBeCloseTo(0.75, 12);
    expect(result.candidatePassRate).toBe(0.75);
    expect(result.unchanged).toBe(12);
  });

  it('warns below 10 cases with repeats, in the field and in the reason', () => {
    const result = compareSides(side('a', cases(0, 6, 3, 3)), side('b', cases(0, 6, 2, 3)), gate);
    expect(result.warnings).toEqual([
      expect.stringContaining('with fewer than 10 cases the interval is unreliable'),
    ]);
    expect(result.reason).toContain('Warning: with fewer than 10 cases the interval is unreliable');
  });

  it('pairs two single-prompt sides with different prompts by case id, and counts cases found on one side only', () => {
    const baseline = side('a', [
      outcome('x', true, 0, 'old'),
      outcome('y', true, 0, 'old'),
      outcome('z', true, 0, 'old'),
    ]);
    const candidate = side('b', [outcome('x', false, 0, 'new'), outcome('y', true, 0, 'new')]);
    const result = compareSides(baseline, candidate, gate);
    expect(result).toMatchObject({
      pairs: 2,
      regressed: 1,
      stillPassing: 1,
      unpaired: { baselineOnly: 1, candidateOnly: 0 },
    });
  });

  it('refuses sides with nothing in common', () => {
    expect(() =>
      compareSides(side('a', [outcome('x', true)]), side('b', [outcome('y', true)]), gate),
    ).toThrow('have no case in common');
  });
});
