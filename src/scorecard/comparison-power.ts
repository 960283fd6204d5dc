// How likely the comparison was to see a drop of `detect`, with the cases it had, and how many cases 80% would
// take: exact for pass/fail cases (the sum over tables `plan` uses), approximate with repeats.
import { pairedTPower, pairedTSampleSize } from '../stats/paired-t-power.js';
import { scoreTestPower, scoreTestSampleSize } from '../stats/score-test-power.js';
import type { PairedCases } from './pair-cases.js';

export interface PowerNote {
  /** The drop the statement is about. */
  detect: number;
  /** The chance of finding that drop credible with these cases; null when it cannot be said. */
  power: number | null;
  casesFor80: number | null;
  /** With pass/fail cases: the disagreement assumed, the one seen but at least `detect` (a drop needs it). */
  discordance: number | null;
}

/** The standard deviation the adjusted paired t sees: the differences and its two pseudo-cases at ±1. */
const procedureSpread = (differences: number[]): number => {
  const values = [...differences, 1, -1];
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1));
};

export const comparisonPower = ({ cases, repeats }: PairedCases, detect: number, alpha = 0.05): PowerNote => {
  const n = cases.length;
  if (repeats) {
    const spread = procedureSpread(cases.map((item) => item.candidatePass - item.baselinePass));
    return {
      detect,
      power: pairedTPower({ n, drop: detect, spread, alpha }),
      casesFor80: pairedTSampleSize({ drop: detect, spread, alpha, power: 0.8 }),
      discordance: null,
    };
  }
  const disagreeing = cases.filter((item) => item.status === 'regressed' || item.status === 'fixed').length;
  const discordance = Math.min(1, Math.max(disagreeing / n, detect));
  return {
    detect,
    power: scoreTestPower({ n, drop: detect, discordance, alpha }),
    casesFor80: scoreTestSampleSize({ drop: detect, discordance, alpha, power: 0.8 }),
    discordance,
  };
};
