// Wilson score interval for a pass rate: honest at small n and near 0% or 100%, unlike the normal approximation.
import { normalQuantile } from './normal-quantile.js';

/**
 * Two-sided Wilson score interval [low, high] for `successes` out of `total` at the given confidence.
 * With no trials nothing is known, so the interval is [0, 1].
 * @example wilsonInterval(81, 263) // [0.2553, 0.3662] (rounded)
 * @throws RangeError on negative counts, successes > total, or confidence outside (0, 1).
 */
export const wilsonInterval = (successes: number, total: number, confidence = 0.95): [number, number] => {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`wilsonInterval: confidence must be in (0, 1), got ${confidence}`);
  }
  if (!(total >= 0 && successes >= 0 && successes <= total)) {
    throw new RangeError(`wilsonInterval: need 0 <= successes <= total, got ${successes}/${total}`);
  }
  if (total === 0) return [0, 1];
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const z2 = z * z;
  const rate = successes / total;
  const denominator = 1 + z2 / total;
  const centre = (rate + z2 / (2 * total)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((rate * (1 - rate)) / total + z2 / (4 * total * total));
  // Clamp away floating-point dust so 0/n starts at exactly 0 and n/n ends at exactly 1.
  return [Math.max(0, centre - halfWidth), Math.min(1, centre + halfWidth)];
};
