// A case's score: its estimated per-call pass probability. With fixed repeats that is its pass fraction; after
// `--repeat auto` it is the Girshick-Mosteller-Savage unbiased estimate at the point where the runner stopped
// the case, because passes/runs after data-dependent stopping leans towards the side that stopped it.
import { isCaseDecided } from '../stats/is-case-decided.js';
import { unbiasedEstimator } from '../stats/sequential-unbiased-estimate.js';

/** How a run repeated its cases, when it used `--repeat auto`: the most repeats of any case. */
export interface AutoRepeat {
  maxRepeats: number;
}

type Estimator = (passed: number, runs: number) => number | undefined;

// The path counts depend only on the maximum, so one table serves every case and run with that maximum.
const estimators = new Map<number, Estimator>();

const estimatorFor = (maxRepeats: number): Estimator => {
  let estimator = estimators.get(maxRepeats);
  if (!estimator) {
    estimator = unbiasedEstimator({ stops: isCaseDecided, maxRuns: maxRepeats });
    estimators.set(maxRepeats, estimator);
  }
  return estimator;
};

/**
 * The score of a case that passed `passed` of `runs` calls. After `--repeat auto`, a case that stopped where the
 * runner's rule stops it gets the unbiased estimate; one that did not (cut short by an interrupted run, or with a
 * repeat missing) falls back to passes/runs. 0 for a case with no run.
 * @example caseEstimate(7, 8, { maxRepeats: 10 }) // 0.75, where 7/8 = 0.875
 */
export const caseEstimate = (passed: number, runs: number, autoRepeat?: AutoRepeat): number => {
  if (runs === 0) return 0;
  if (autoRepeat && Number.isInteger(autoRepeat.maxRepeats) && autoRepeat.maxRepeats >= runs) {
    const estimate = estimatorFor(autoRepeat.maxRepeats)(passed, runs);
    if (estimate !== undefined) return estimate;
  }
  return passed / runs;
};
