// Compares two sides case by case and decides, with one paired procedure for the test, the interval and the gate,
// whether the candidate is worse.

import { comparisonPower, type PowerNote } from './comparison-power.js';
import type { ComparisonSide } from './comparison-side.js';
import { decide, type GateOptions, type GateVerdict } from './decide-gate.js';
import { type ComparisonMethod, fewestReliableCases, measureDifference } from './measure-difference.js';
import { type PairedCase, type PairStatus, pairCases } from './pair-cases.js';

export interface Comparison {
  baseline: { label: string; runId: string | null; model: string };
  candidate: { label: string; runId: string | null; model: string };
  /** Cases found on both sides (with repeats: cases, each with its pass fraction). */
  pairs: number;
  repeats: boolean;
  /** Cases by the direction of their score; see PairStatus. */
  fixed: number;
  regressed: number;
  unchanged: number;
  stillPassing: number;
  stillFailing: number;
  unpaired: { baselineOnly: number; candidateOnly: number };
  baselinePassRate: number;
  candidatePassRate: number;
  /** Candidate minus baseline pass rate. */
  diff: number;
  diffCi95: [number, number];
  /** One-sided p-value for "the candidate is worse"; below 0.025 exactly when diffCi95[1] < 0. */
  pWorse: number;
  method: ComparisonMethod;
  /** Exact two-sided McNemar p-value on the regressed and fixed cases; null with repeats. */
  mcnemarP: number | null;
  power: PowerNote;
  gate: GateVerdict;
  /** What limits the comparison, e.g. too few cases for the interval to be trusted. */
  warnings: string[];
  decision: 'pass' | 'fail';
  reason: string;
  /** Regressed first, then fixed, unchanged, still failing, still passing. */
  cases: PairedCase[];
}

export const compareSides = (
  baseline: ComparisonSide,
  candidate: ComparisonSide,
  gate: GateOptions,
): Comparison => {
  const paired = pairCases(baseline, candidate);
  const { cases, repeats } = paired;
  const n = cases.length;
  const count = (status: PairStatus) => cases.filter((item) => item.status === status).length;
  const measured = measureDifference(paired, gate.alpha);
  const power = comparisonPower(paired, gate.detect, gate.alpha);
  const warnings =
    repeats && n < fewestReliableCases
      ? [
          `with fewer than ${fewestReliableCases} cases the interval is unreliable (its coverage is checked from ${fewestReliableCases} cases up); add cases`,
        ]
      : [];
  const verdict = decide({ ...measured, n, power, warnings }, gate);
  return {
    baseline: { label: baseline.label, runId: baseline.runId, model: baseline.model },
    candidate: { label: candidate.label, runId: candidate.runId, model: candidate.model },
    pairs: n,
    repeats,
    fixed: count('fixed'),
    regressed: count('regressed'),
    unchanged: count('unchanged'),
    stillPassing: count('still-passing'),
    stillFailing: count('still-failing'),
    unpaired: paired.unpaired,
    baselinePassRate: cases.reduce((sum, item) => sum + item.baselinePass, 0) / n,
    candidatePassRate: cases.reduce((sum, item) => sum + item.candidatePass, 0) / n,
    diff: measured.diff,
    diffCi95: measured.diffCi95,
    pWorse: measured.pWorse,
    method: measured.method,
    mcnemarP: measured.mcnemarP,
    power,
    gate: verdict.gate,
    warnings,
    decision: verdict.decision,
    reason: verdict.reason,
    cases,
  };
};
