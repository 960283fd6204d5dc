// What a paired comparison procedure returns: the difference, its interval and the one-sided p-values of
// the same construction, so the interval and the test can never disagree.

export interface PairedTestResult {
  /** Candidate minus baseline, as the procedure estimates it. */
  diff: number;
  /** Two-sided interval at 1 − alpha: `[low, high]`, within [-1, 1]. */
  interval: [number, number];
  /** One-sided p-value for "the candidate is worse" (diff < 0); below alpha/2 exactly when high < 0. */
  pWorse: number;
  /** One-sided p-value for "the candidate is better"; below alpha/2 exactly when low > 0. */
  pBetter: number;
}

export const checkAlpha = (caller: string, alpha: number): void => {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`${caller}: alpha must be in (0, 1), got ${alpha}`);
};
