// `--repeat auto`: repeat a case only while its outcome is uncertain, in rounds, up to a maximum.
import { wilsonInterval } from '../stats/wilson-interval.js';

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

/** Counts the passes of one case over its repeats before `round`, from the results known so far. */
export const tallyBefore = (
  round: number,
  outcomeOf: (repeat: number) => boolean | undefined,
): { passed: number; runs: number } => {
  let passed = 0;
  let runs = 0;
  for (let repeat = 0; repeat < round; repeat += 1) {
    const pass = outcomeOf(repeat);
    if (pass === undefined) continue;
    runs += 1;
    if (pass) passed += 1;
  }
  return { passed, runs };
};
