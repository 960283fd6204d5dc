// The upgrade gate: block a candidate only when it is credibly worse, and say in one sentence what was decided and why.

export interface GateOptions {
  /** The drop in pass rate (0.02 = 2 points) the team accepts. */
  maxDrop: number;
  /** Pass only when the interval shows the candidate at most `maxDrop` worse (stricter). */
  requireNonInferiority: boolean;
  /** The drop the power statement is about (default: maxDrop, or 5 points). */
  detect: number;
  /** Significance level of the McNemar test. */
  alpha: number;
}

export interface GateInput {
  diff: number;
  diffCi95: [number, number];
  mcnemarP: number;
  n: number;
  power: { detect: number; power: number | null; casesFor80: number | null };
}

const points = (value: number): string => `${(Math.abs(value) * 100).toFixed(1)} points`;
const signed = (value: number): string => `${value >= 0 ? '+' : '−'}${(Math.abs(value) * 100).toFixed(1)}`;
const pValue = (p: number): string => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

const powerNote = (input: GateInput): string => {
  const { power, detect, casesFor80 } = input.power;
  if (power === null || power >= 0.8) return '';
  const needed = casesFor80 === null ? '' : `; about ${casesFor80} cases are needed for 80%`;
  return ` With ${input.n} cases and the disagreement seen, a ${(detect * 100).toFixed(0)}-point drop would be detected with ${Math.round(power * 100)}% power${needed}.`;
};

export const decide = (
  input: GateInput,
  gate: GateOptions,
): { decision: 'pass' | 'fail'; reason: string } => {
  const [lo, hi] = input.diffCi95;
  const direction = input.diff < 0 ? 'lower' : 'higher';
  const change = `the candidate's pass rate is ${points(input.diff)} ${direction} (95% CI ${signed(lo)} to ${signed(hi)}, McNemar ${pValue(input.mcnemarP)})`;
  const note = powerNote(input);

  if (gate.requireNonInferiority) {
    if (lo >= -gate.maxDrop) {
      return {
        decision: 'pass',
        reason: `pass: ${change}; the interval rules out a drop of more than ${points(gate.maxDrop)}.${note}`,
      };
    }
    return {
      decision: 'fail',
      reason: `fail: ${change}; the interval does not rule out a drop of more than ${points(gate.maxDrop)}, as non-inferiority requires.${note}`,
    };
  }
  const significantDrop = input.diff < 0 && input.mcnemarP < gate.alpha;
  if (significantDrop && lo < -gate.maxDrop) {
    return {
      decision: 'fail',
      reason: `fail: ${change}; the drop is significant and may exceed the allowed ${points(gate.maxDrop)}.${note}`,
    };
  }
  const why = significantDrop
    ? `the drop is significant but the interval keeps it within the allowed ${points(gate.maxDrop)}`
    : input.diff < 0
      ? 'the drop is not significant'
      : 'no drop';
  return { decision: 'pass', reason: `pass: ${change}; ${why}.${note}` };
};
