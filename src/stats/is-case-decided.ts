// The stopping rule of `--repeat auto`, shared by the runner (which stops repeating a case) and the scorecard
// (whose unbiased estimate must know exactly where the runner stops).
import { wilsonInterval } from './wilson-interval.js';

/**
 * A case is decided once the 95% Wilson interval of its pass fraction lies wholly above or wholly below
 * one half: we then know, with confidence, whether it usually passes or usually fails. A case that answers
 * the same way every time is decided after 4 repeats; a flaky one keeps being sampled up to the maximum,
 * which is where the extra calls buy precision in the pass rate.
 */
export const isCaseDecided = (passed: number, runs: number): boolean => {
  if (runs === 0) return false;
  const [low, high] = wilsonInterval(passed, runs);
  return low > 0.5 || high < 0.5;
};
