// Checks the two gate rules, each exactly as its one sentence states it, and the reason sentence.
import { describe, expect, it } from 'vitest';
import { decide, type GateInput } from './decide-gate.js';

const input = (diff: number, low: number, high: number, pWorse: number): GateInput => ({
  diff,
  diffCi95: [low, high],
  pWorse,
  method: 'tango-score',
  n: 400,
  power: { detect: 0.05, power: 0.9, casesFor80: 300 },
  warnings: [],
});
const gate = (maxDrop: number, requireNonInferiority = false) => ({
  maxDrop,
  requireNonInferiority,
  detect: 0.05,
  alpha: 0.05,
});

describe('decide', () => {
  it('default: fails when the interval is wholly below zero and its lower end is below −max-drop', () => {
    const result = decide(input(-0.06, -0.1, -0.02, 0.001), gate(0.02));
    expect(result).toMatchObject({ decision: 'fail', gate: { rule: 'default', maxDrop: 0.02, fired: true } });
    expect(result.reason).toBe(
      "fail: the candidate's pass rate is 6.0 points lower (95% CI −10.0 to −2.0 points, Tango score interval; " +
        'one-sided p = 0.001 for a drop); the interval lies wholly below zero, so the candidate is credibly worse, ' +
        'and its lower end is past the allowed drop of 2.0 points: the default gate fails.',
    );
  });
  it('default: passes a credible drop that the interval keeps within the allowed drop', () => {
    const result = decide(input(-0.01, -0.015, -0.005, 0.01), gate(0.02));
    expect(result).toMatchObject({ decision: 'pass', gate: { fired: false } });
    expect(result.reason).toContain(
      'credibly worse, but the interval keeps the drop within the allowed drop of 2.0 points',
    );
  });
  it('default: passes a drop whose interval reaches zero, however wide', () => {
    const result = decide(input(-0.03, -0.12, 0.06, 0.4), gate(0.02));
    expect(result.decision).toBe('pass');
    expect(result.reason).toContain('the interval reaches zero, so the drop is not credible');
    expect(decide(input(0.03, -0.01, 0.07, 0.9), gate(0)).reason).toContain(
      'no drop: the default gate passes',
    );
  });
  it('non-inferiority: passes only when the lower end is at or above −max-drop', () => {
    expect(decide(input(0.01, -0.015, 0.03, 0.5), gate(0.02, true))).toMatchObject({
      decision: 'pass',
      gate: { rule: 'non-inferiority', fired: false },
    });
    expect(decide(input(0.01, -0.02, 0.03, 0.5), gate(0.02, true)).decision).toBe('pass');
    const failed = decide(input(0.01, -0.03, 0.05, 0.5), gate(0.02, true));
    expect(failed).toMatchObject({ decision: 'fail', gate: { rule: 'non-inferiority', fired: true } });
    expect(failed.reason).toContain(
      "the interval's lower end (−3.0) is below −2.0 points, so non-inferiority is not shown",
    );
  });
  it('says how many cases a decision would need when the suite is too small to see the drop', () => {
    const small = {
      ...input(-0.03, -0.2, 0.1, 0.3),
      n: 60,
      power: { detect: 0.05, power: 0.23, casesFor80: 410 },
    };
    expect(decide(small, gate(0)).reason).toContain(
      'With 60 cases and the disagreement seen, a 5-point drop would be found credible with 23% power; about 410 cases are needed for 80%.',
    );
  });
  it('names the procedure with repeats and appends the warnings', () => {
    const repeated: GateInput = {
      ...input(-0.1, -0.3, 0.1, 0.2),
      method: 'adjusted-paired-t',
      power: { detect: 0.05, power: 0.08, casesFor80: 598 },
      warnings: ['with fewer than 10 cases the interval is unreliable'],
    };
    const { reason } = decide(repeated, gate(0));
    expect(reason).toContain('adjusted paired t on per-case pass fractions');
    expect(reason).toContain(
      'With 400 cases and the spread of the differences seen, a 5-point drop would be found credible with about 8% power; about 598 cases are needed for 80%.',
    );
    expect(reason).toMatch(/Warning: with fewer than 10 cases the interval is unreliable\.$/);
  });
});
