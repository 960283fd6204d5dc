// Approximate power of the adjusted paired t procedure (adjusted-paired-t.ts) for a drop in the mean per-case
// difference, from the spread of the differences: the normal approximation to the noncentral t, one-sided at
// alpha/2. Used for compare's power note with repeats, where no exact sum over tables applies.
import { normalCdf } from './normal-cdf.js';
import { studentTQuantile } from './student-t.js';

export interface PairedTScenario {
  /** The drop in mean pass fraction to detect (sign ignored). */
  drop: number;
  /** Standard deviation of the per-case differences (the procedure's, pseudo-cases included). */
  spread: number;
  alpha?: number;
}

// The sample-size search asks for the same few critical values again and again; a bounded cache keeps it fast.
const criticalValues = new Map<string, number>();
const criticalValue = (alpha: number, degreesOfFreedom: number): number => {
  const key = `${alpha}:${degreesOfFreedom}`;
  let value = criticalValues.get(key);
  if (value === undefined) {
    if (criticalValues.size > 10_000) criticalValues.clear();
    value = studentTQuantile(1 - alpha / 2, degreesOfFreedom);
    criticalValues.set(key, value);
  }
  return value;
};

/**
 * Φ(shift / se − t), where the two pseudo-cases pull the centre to drop·n/(n + 2) and se = spread/√(n + 2).
 * @example pairedTPower({ n: 30, drop: 0.1, spread: 0.3 }) // 0.3929
 */
export const pairedTPower = ({ n, drop, spread, alpha = 0.05 }: PairedTScenario & { n: number }): number => {
  if (!(n >= 0 && Number.isInteger(n)))
    throw new RangeError(`pairedTPower: n must be a whole number, got ${n}`);
  if (!(spread > 0)) throw new RangeError(`pairedTPower: spread must be positive, got ${spread}`);
  const count = n + 2;
  const shift = (Math.abs(drop) * n) / count;
  const critical = criticalValue(alpha, count - 1);
  return normalCdf((shift * Math.sqrt(count)) / spread - critical);
};

/**
 * The fewest cases for the target power under the same approximation (power grows with n, so a doubling search
 * and bisection find it); null when even a million cases would not do.
 */
export const pairedTSampleSize = (scenario: PairedTScenario & { power?: number }): number | null => {
  const { power: target = 0.8 } = scenario;
  if (scenario.drop === 0) return null;
  const reaches = (n: number) => pairedTPower({ ...scenario, n }) >= target;
  let high = 1;
  while (!reaches(high)) {
    high *= 2;
    if (high > 1_000_000) return null;
  }
  let low = Math.floor(high / 2);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (reaches(middle)) high = middle;
    else low = middle;
  }
  return high;
};
