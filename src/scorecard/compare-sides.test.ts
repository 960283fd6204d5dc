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

const side = (label: string, outcomes: CaseOutcome[]): ComparisonSide => ({
  label,
  runId: null,
  model: label,
  outcomes,
});
const gate = { maxDrop: 0, requireNonInferiority: false, detect: 0.05, alpha: 0.05 };

describe('compareSides', () => {
  it('uses pass fractions over repeats, classifies cases by majority and bootstraps the interval', () => {
    const baseline = side('a', [
      outcome('x', true, 0),
      outcome('x', true, 1),
      outcome('y', false, 0),
      outcome('y', false, 1),
    ]);
    const candidate = side('b', [
      outcome('x', true, 0),
      outcome('x', false, 1),
      outcome('y', true, 0),
      outcome('y', true, 1),
    ]);
    const result = compareSides(baseline, candidate, gate);
    expect(result).toMatchObject({
      pairs: 2,
      repeats: true,
      fixed: 1,
      stillPassing: 1,
      regressed: 0,
      diffMethod: 'paired-bootstrap',
    });
    // x: 1 -> 0.5, y: 0 -> 1; mean difference (−0.5 + 1) / 2
    expect(result.diff).toBeCloseTo(0.25, 10);
    expect(result.cases.find((item) => item.caseId === 'x')?.candidate.output).toBe('wrong');
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
