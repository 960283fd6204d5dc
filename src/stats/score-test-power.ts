// Exact power and sample size of the test `compare` uses on pass/fail cases: the one-sided paired score test
// (asymptotic McNemar statistic, the centre of Tango's interval) at alpha/2, summed over every table instead of
// Connor's normal approximation. With discordance ψ = P(the two models disagree on a case) and a drop δ, the
// discordant count is M ~ Bin(n, ψ) and its regressions B | M ~ Bin(M, (ψ + δ)/2ψ).
import { binomialPmf, binomialUpperTail } from './binomial.js';
import { mcnemarSampleSize } from './mcnemar-power.js';
import { pairedScorePWorse } from './tango-score-interval.js';

export interface PairedDropScenario {
  /** The drop in pass rate to detect, baseline − candidate (sign ignored). */
  drop: number;
  /** The share of cases on which the two models disagree; at least the drop. */
  discordance: number;
  /** Two-sided level; the test is one-sided at alpha/2, as the gate is. Default 0.05. */
  alpha?: number;
}

const validate = (caller: string, { drop, discordance, alpha = 0.05 }: PairedDropScenario): void => {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`${caller}: alpha must be in (0, 1), got ${alpha}`);
  if (!(discordance > 0 && discordance <= 1)) {
    throw new RangeError(`${caller}: discordance must be in (0, 1], got ${discordance}`);
  }
  if (!(Math.abs(drop) <= discordance)) {
    throw new RangeError(
      `${caller}: the drop (${drop}) cannot exceed the discordance (${discordance}): a drop of d needs at least d of the cases to disagree`,
    );
  }
};

/** The fewest regressions among m discordant cases at which the score test finds the drop credible (m + 1: never). */
const fewestRejecting = (m: number, tail: number): number => {
  const z = 1.959963984540054;
  // start from the normal boundary (b − (m − b))/√m > z, then let the test itself have the last word
  let b = Math.max(1, Math.min(m + 1, Math.floor((m + z * Math.sqrt(m)) / 2)));
  while (b <= m && !(pairedScorePWorse(b, m - b) < tail)) b += 1;
  while (b > 1 && pairedScorePWorse(b - 1, m - b + 1) < tail) b -= 1;
  return b;
};

/**
 * Exact power of the one-sided score test with n cases. The sum runs over the discordant counts within 10
 * standard deviations of nψ (the rest weighs less than 1e-20), so n in the millions stays fast.
 * @example scoreTestPower({ n: 291, drop: 0.05, discordance: 0.1 }) // 0.8004
 * @throws RangeError on n < 0, alpha outside (0, 1), discordance outside (0, 1], or |drop| > discordance.
 */
export const scoreTestPower = (scenario: PairedDropScenario & { n: number }): number => {
  validate('scoreTestPower', scenario);
  const { n, discordance, alpha = 0.05 } = scenario;
  if (!(Number.isInteger(n) && n >= 0))
    throw new RangeError(`scoreTestPower: n must be a whole number >= 0, got ${n}`);
  const drop = Math.abs(scenario.drop);
  const tail = alpha / 2;
  const regressionShare = (discordance + drop) / (2 * discordance);
  const spread = 10 * Math.sqrt(n * discordance * (1 - discordance));
  const first = Math.max(1, Math.floor(n * discordance - spread));
  const last = Math.min(n, Math.ceil(n * discordance + spread));
  let power = 0;
  for (let m = first; m <= last; m++) {
    const weight = binomialPmf(m, n, discordance);
    if (weight === 0) continue;
    power += weight * binomialUpperTail(fewestRejecting(m, tail), m, regressionShare);
  }
  return Math.min(1, power);
};

/** How many sizes past a candidate must also reach the target: the exact power zigzags as n grows. */
export const stableWindow = 20;

/**
 * The number of cases for the target power: the smallest n whose exact power reaches it and stays there for the
 * next `stableWindow` sizes. Found from Connor's approximation by a bracketing search, then checked size by size.
 * @example scoreTestSampleSize({ drop: 0.05, discordance: 0.1 }) // 291
 * @throws RangeError on drop = 0, |drop| > discordance, or power / alpha / discordance out of range.
 */
export const scoreTestSampleSize = (scenario: PairedDropScenario & { power?: number }): number => {
  validate('scoreTestSampleSize', scenario);
  const { power: target = 0.8, alpha = 0.05, discordance } = scenario;
  const drop = Math.abs(scenario.drop);
  if (!(target > 0 && target < 1))
    throw new RangeError(`scoreTestSampleSize: power must be in (0, 1), got ${target}`);
  if (drop === 0)
    throw new RangeError('scoreTestSampleSize: drop must be non-zero: no sample detects no difference');
  const reaches = (n: number): boolean => scoreTestPower({ n, drop, discordance, alpha }) >= target;
  // bracket a crossing: `low` short of the target, `high` reaching it
  let high = mcnemarSampleSize({ delta: drop, discordance, power: target, alpha });
  let low = high;
  if (reaches(high)) {
    for (let step = 1; low > 0 && reaches(low); step *= 2) {
      high = low;
      low = Math.max(0, low - step);
    }
  } else {
    for (let step = 1; !reaches(high); step *= 2) {
      low = high;
      high += step;
    }
  }
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (reaches(middle)) high = middle;
    else low = middle;
  }
  // past a size in the next window that falls short, and start again from there
  for (let ahead = 1; ahead <= stableWindow; ahead++) {
    if (reaches(high + ahead)) continue;
    high += ahead + 1;
    while (!reaches(high)) high += 1;
    ahead = 0;
  }
  return Math.max(1, high);
};
