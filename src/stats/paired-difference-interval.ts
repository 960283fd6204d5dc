// Confidence interval for candidate pass rate − baseline pass rate on the same cases (paired data),
// Newcombe's (1998, Stat Med 17:2635–2650) method 10: the Wilson interval of each model's pass rate,
// combined by "square-and-add" with the continuity-corrected phi correlation between the two outcomes.
import { wilsonInterval } from './wilson-interval.js';

/**
 * Newcombe method-10 interval [low, high] for (c − b)/n, the candidate's pass rate minus the baseline's,
 * clamped to [-1, 1]. Method 10 needs all four cells of the paired table, not just b, c and n: the Wilson
 * interval of each pass rate depends on where that rate sits, hence `bothPassed`. Cases both models failed
 * are the rest, n − bothPassed − b − c. With no pairs nothing is known, so the interval is [-1, 1].
 * @param b pairs the baseline passed and the candidate failed (regressions).
 * @param c pairs the baseline failed and the candidate passed (fixes).
 * @param n all pairs.
 * @param bothPassed pairs both models passed.
 * @example pairedDifferenceInterval(2, 12, 50, 36) // [0.0569, 0.3404]
 * @throws RangeError on negative or non-integer counts, bothPassed + b + c > n, or confidence outside (0, 1).
 */
export const pairedDifferenceInterval = (
  b: number,
  c: number,
  n: number,
  bothPassed: number,
  confidence = 0.95,
): [number, number] => {
  const a = bothPassed;
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`pairedDifferenceInterval: confidence must be in (0, 1), got ${confidence}`);
  }
  if (![a, b, c, n].every((count) => Number.isInteger(count) && count >= 0) || a + b + c > n) {
    throw new RangeError(
      `pairedDifferenceInterval: need non-negative integer counts with bothPassed + b + c <= n, got b = ${b}, c = ${c}, n = ${n}, bothPassed = ${a}`,
    );
  }
  if (n === 0) return [-1, 1];
  const d = n - a - b - c;
  const candidatePassed = a + c;
  const baselinePassed = a + b;
  const candidateRate = candidatePassed / n;
  const baselineRate = baselinePassed / n;
  const difference = candidateRate - baselineRate;
  const [candidateLow, candidateHigh] = wilsonInterval(candidatePassed, n, confidence);
  const [baselineLow, baselineHigh] = wilsonInterval(baselinePassed, n, confidence);

  // Newcombe's phi-hat: the phi coefficient with a continuity correction of n/2 on a·d − b·c when it
  // is positive (shrinking it to 0 if within n/2); 0 when any margin is empty.
  const marginProduct = candidatePassed * (n - candidatePassed) * baselinePassed * (n - baselinePassed);
  let phi = 0;
  if (marginProduct > 0) {
    const cross = a * d - b * c;
    const corrected = cross > n / 2 ? cross - n / 2 : cross < 0 ? cross : 0;
    phi = corrected / Math.sqrt(marginProduct);
  }

  const squareAdd = (x: number, y: number): number => Math.sqrt(Math.max(0, x * x - 2 * phi * x * y + y * y));
  const low = difference - squareAdd(candidateRate - candidateLow, baselineHigh - baselineRate);
  const high = difference + squareAdd(baselineRate - baselineLow, candidateHigh - candidateRate);
  return [Math.max(-1, low), Math.min(1, high)];
};
