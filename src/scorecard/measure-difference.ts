// The difference between two paired sides with its interval and one-sided p-value, all from one procedure:
// Tango's score interval on pass/fail cases, the adjusted paired t on per-case pass fractions with repeats.
import { adjustedPairedT } from '../stats/adjusted-paired-t.js';
import { mcnemarExactP } from '../stats/mcnemar-exact.js';
import { tangoScoreInterval } from '../stats/tango-score-interval.js';
import type { PairedCases } from './pair-cases.js';

export type ComparisonMethod = 'tango-score' | 'adjusted-paired-t';

/** How the reason sentence and the reports name each procedure. */
export const methodNames: Record<ComparisonMethod, string> = {
  'tango-score': 'Tango score interval',
  'adjusted-paired-t': 'adjusted paired t on per-case pass fractions',
};

export interface MeasuredDifference {
  /** Candidate minus baseline pass rate over the paired cases. */
  diff: number;
  diffCi95: [number, number];
  /** One-sided p-value for "the candidate is worse", from the procedure that gives `diffCi95`. */
  pWorse: number;
  method: ComparisonMethod;
  /** The exact two-sided McNemar p-value, for runs without repeats; null with repeats. */
  mcnemarP: number | null;
}

/** Cases below which the interval with repeats is not known to cover: the coverage test starts at 10. */
export const fewestReliableCases = 10;

export const measureDifference = ({ cases, repeats }: PairedCases, alpha = 0.05): MeasuredDifference => {
  if (repeats) {
    const result = adjustedPairedT(
      cases.map((item) => item.candidatePass - item.baselinePass),
      alpha,
    );
    return {
      diff: result.diff,
      diffCi95: result.interval,
      pWorse: result.pWorse,
      method: 'adjusted-paired-t',
      mcnemarP: null,
    };
  }
  const regressions = cases.filter((item) => item.status === 'regressed').length;
  const fixes = cases.filter((item) => item.status === 'fixed').length;
  const result = tangoScoreInterval(regressions, fixes, cases.length, alpha);
  return {
    diff: result.diff,
    diffCi95: result.interval,
    pWorse: result.pWorse,
    method: 'tango-score',
    mcnemarP: mcnemarExactP(regressions, fixes),
  };
};
