import { describe, expect, it } from 'vitest';
import { decide } from './decide-gate.js';

const input = (diff: number, lo: number, hi: number, p: number) => ({
  diff,
  diffCi95: [lo, hi] as [number, number],
  mcnemarP: p,
  n: 400,
  power: { detect: 0.05, power: 0.9, casesFor80: 300 },
});
const gate = (maxDrop: number, requireNonInferiority = false) => ({
  maxDrop,
  requireNonInferiority,
  detect: 0.05,
  alpha: 0.05,
});

describe('decide', () => {
  it('fails a significant drop whose interval reaches past the allowed drop', () => {
    expect(decide(input(-0.06, -0.1, -0.02, 0.001), gate(0.02)).decision).toBe('fail');
  });
  it('passes a significant drop that the interval keeps within the allowed drop', () => {
    const result = decide(input(-0.01, -0.015, -0.005, 0.01), gate(0.02));
    expect(result).toMatchObject({ decision: 'pass' });
    expect(result.reason).toContain('keeps it within the allowed 2.0 points');
  });
  it('passes a drop that is not significant, however wide the interval', () => {
    expect(decide(input(-0.03, -0.12, 0.06, 0.4), gate(0.02)).decision).toBe('pass');
  });
  it('under non-inferiority passes only when the interval rules out more than the allowed drop', () => {
    expect(decide(input(0.01, -0.015, 0.03, 0.5), gate(0.02, true)).decision).toBe('pass');
    expect(decide(input(0.01, -0.03, 0.05, 0.5), gate(0.02, true)).decision).toBe('fail');
  });
  it('says how many cases a decision would need when the suite is too small to see the drop', () => {
    const small = {
      ...input(-0.03, -0.2, 0.1, 0.6),
      n: 60,
      power: { detect: 0.05, power: 0.23, casesFor80: 410 },
    };
    expect(decide(small, gate(0)).reason).toContain(
      'With 60 cases and the disagreement seen, a 5-point drop would be detected with 23% power; about 410 cases are needed for 80%.',
    );
  });
});
