// Student's t distribution: CDF through the regularized incomplete beta function, and its quantile by a
// safeguarded Newton iteration, for the paired t procedure on per-case differences.
import { regularizedIncompleteBeta } from './incomplete-beta.js';
import { logGamma } from './log-gamma.js';
import { normalQuantile } from './normal-quantile.js';

const checkDf = (caller: string, df: number): void => {
  if (!(df > 0 && Number.isFinite(df))) throw new RangeError(`${caller}: df must be positive, got ${df}`);
};

/** P(T > t) for t >= 0, kept accurate far into the tail (no 1 − x cancellation). */
const upperTail = (t: number, df: number): number =>
  0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);

/**
 * P(T <= t) for T with `df` degrees of freedom.
 * @example studentTCdf(-2, 5) // 0.0509697...
 * @throws RangeError when df is not positive or t is NaN.
 */
export const studentTCdf = (t: number, df: number): number => {
  checkDf('studentTCdf', df);
  if (Number.isNaN(t)) throw new RangeError('studentTCdf: t must be a number, got NaN');
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  return t < 0 ? upperTail(-t, df) : 1 - upperTail(t, df);
};

const density = (t: number, df: number): number =>
  Math.exp(
    logGamma((df + 1) / 2) -
      logGamma(df / 2) -
      0.5 * Math.log(df * Math.PI) -
      ((df + 1) / 2) * Math.log1p((t * t) / df),
  );

/**
 * The t with P(T <= t) = p.
 * @example studentTQuantile(0.975, 5) // 2.570581835636...
 * @throws RangeError when p is not strictly between 0 and 1 or df is not positive.
 */
export const studentTQuantile = (p: number, df: number): number => {
  checkDf('studentTQuantile', df);
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile: p must be in (0, 1), got ${p}`);
  if (p === 0.5) return 0;
  const tail = Math.min(p, 1 - p);
  // Solve upperTail(t) = tail for t > 0, bracketing so that a Newton step that overshoots falls back to bisection.
  let low = 0;
  let high = 1;
  while (upperTail(high, df) > tail) {
    low = high;
    high *= 2;
  }
  let t = Math.min(Math.max(-normalQuantile(tail), low), high);
  for (let i = 0; i < 200; i++) {
    const excess = upperTail(t, df) - tail;
    if (excess > 0) low = t;
    else high = t;
    let next = t + excess / density(t, df);
    if (!(next > low && next < high)) next = (low + high) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.max(1, t)) {
      t = next;
      break;
    }
    t = next;
  }
  return p < 0.5 ? -t : t;
};
