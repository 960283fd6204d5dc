// The upgrade gate, one rule each, and the one sentence that says what was decided and why.
// Default: fail when the 95% interval lies wholly below zero (credibly worse) and its lower end is below −max-drop.
// --require-non-inferiority: pass only when the interval's lower end is at or above −max-drop.
import { type ComparisonMethod, methodNames } from './measure-difference.js';

export interface GateOptions {
  /** The drop in pass rate (0.02 = 2 points) the team accepts. */
  maxDrop: number;
  /** Pass only when the interval shows the candidate at most `maxDrop` worse (stricter). */
  requireNonInferiority: boolean;
  /** The drop the power statement is about (default: maxDrop, or 5 points). */
  detect: number;
  /** Two-sided level of the interval; the test for "worse" is one-sided at alpha/2. */
  alpha: number;
}

export interface GateInput {
  diff: number;
  diffCi95: [number, number];
  pWorse: number;
  method: ComparisonMethod;
  n: number;
  power: { detect: number; power: number | null; casesFor80: number | null };
  warnings: string[];
}

export interface GateVerdict {
  rule: 'default' | 'non-inferiority';
  maxDrop: number;
  /** The rule's failing condition held, so the gate fails. */
  fired: boolean;
}

const points = (value: number): string => `${(Math.abs(value) * 100).toFixed(1)} points`;
const signed = (value: number): string => `${value < 0 ? '−' : '+'}${(Math.abs(value) * 100).toFixed(1)}`;
const pValue = (p: number): string => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

const powerNote = (input: GateInput): string => {
  const { power, detect, casesFor80 } = input.power;
  if (power === null || power >= 0.8) return '';
  const needed = casesFor80 === null ? '' : `; about ${casesFor80} cases are needed for 80%`;
  // with repeats the power comes from the spread of the per-case differences, by a normal approximation
  const [seen, approximately] =
    input.method === 'adjusted-paired-t'
      ? ['the spread of the differences seen', 'about ']
      : ['the disagreement seen', ''];
  return ` With ${input.n} cases and ${seen}, a ${(detect * 100).toFixed(0)}-point drop would be found credible with ${approximately}${Math.round(power * 100)}% power${needed}.`;
};

export const decide = (
  input: GateInput,
  gate: GateOptions,
): { decision: 'pass' | 'fail'; reason: string; gate: GateVerdict } => {
  const [low, high] = input.diffCi95;
  const direction = input.diff < 0 ? 'lower' : 'higher';
  const change =
    `the candidate's pass rate is ${points(input.diff)} ${direction} ` +
    `(95% CI ${signed(low)} to ${signed(high)} points, ${methodNames[input.method]}; one-sided ${pValue(input.pWorse)} for a drop)`;
  const notes = `${powerNote(input)}${input.warnings.map((warning) => ` Warning: ${warning}.`).join('')}`;
  const allowed = `the allowed drop of ${points(gate.maxDrop)}`;

  if (gate.requireNonInferiority) {
    const fired = low < -gate.maxDrop;
    const verdict: GateVerdict = { rule: 'non-inferiority', maxDrop: gate.maxDrop, fired };
    const why = fired
      ? `the interval's lower end (${signed(low)}) is below −${points(gate.maxDrop)}, so non-inferiority is not shown: the non-inferiority gate fails`
      : `the interval's lower end is at or above −${points(gate.maxDrop)}, as non-inferiority requires: the non-inferiority gate passes`;
    return {
      decision: fired ? 'fail' : 'pass',
      reason: `${fired ? 'fail' : 'pass'}: ${change}; ${why}.${notes}`,
      gate: verdict,
    };
  }
  const credible = high < 0;
  const fired = credible && low < -gate.maxDrop;
  const verdict: GateVerdict = { rule: 'default', maxDrop: gate.maxDrop, fired };
  const why = fired
    ? `the interval lies wholly below zero, so the candidate is credibly worse, and its lower end is past ${allowed}: the default gate fails`
    : credible
      ? `the candidate is credibly worse, but the interval keeps the drop within ${allowed}: the default gate passes`
      : input.diff < 0
        ? 'the interval reaches zero, so the drop is not credible: the default gate passes'
        : 'no drop: the default gate passes';
  return {
    decision: fired ? 'fail' : 'pass',
    reason: `${fired ? 'fail' : 'pass'}: ${change}; ${why}.${notes}`,
    gate: verdict,
  };
};
