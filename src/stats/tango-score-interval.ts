// Tango's asymptotic score interval for the difference of two paired proportions (Tango T., 1998, "Equivalence
// test and confidence interval for the difference in proportions for the paired-sample design", Stat Med
// 17:891–908), the interval Fagerland, Lydersen & Laake (2014, Stat Med 33:2850–2875) recommend. It inverts
// Tango's score test, whose statistic at a difference of 0 is the asymptotic McNemar statistic, so the
// interval excludes 0 exactly when the one-sided score test rejects at alpha/2.
import { normalCdf } from './normal-cdf.js';
import { checkAlpha, type PairedTestResult } from './paired-test-result.js';

/**
 * Tango's score statistic Z(δ0) for the difference δ = (fixes − regressions)/n, with the constrained maximum
 * likelihood estimate of the regression probability in closed form (Tango 1998). Decreasing in δ0.
 */
const scoreStatistic = (regressions: number, fixes: number, n: number, delta0: number): number => {
  // Tango's n12 is here the candidate passing where the baseline failed (a fix), n21 a regression.
  const a = 2 * n;
  const b = -fixes - regressions + (2 * n - fixes + regressions) * delta0;
  const c = -regressions * delta0 * (1 - delta0);
  const regressionRate = (Math.sqrt(Math.max(0, b * b - 4 * a * c)) - b) / (2 * a);
  const numerator = fixes - regressions - n * delta0;
  const variance = n * (2 * regressionRate + delta0 * (1 - delta0));
  // At the ends of [-1, 1] the variance vanishes: the statistic is then ±∞, or 0 where the data sit exactly there.
  if (!(variance > 0)) return numerator === 0 ? 0 : numerator > 0 ? Infinity : -Infinity;
  return numerator / Math.sqrt(variance);
};

/**
 * One-sided p-value of the score test for "the candidate is worse": Φ((fixes − regressions)/√(fixes + regressions)),
 * the asymptotic McNemar statistic; 0.5 with no discordant pair. The same function decides `plan`'s power.
 * @example pairedScorePWorse(5, 0) // 0.0127 (5 regressions, no fix)
 */
export const pairedScorePWorse = (regressions: number, fixes: number): number => {
  const discordant = regressions + fixes;
  return discordant === 0 ? 0.5 : normalCdf((fixes - regressions) / Math.sqrt(discordant));
};

/**
 * Where a p-value that is monotone in δ0 crosses `tail`, for the bound on the `side` of the estimate (1: upper,
 * −1: lower). When the p-value at 0 is at least `tail`, 0 is in the interval and the bound lies between 0 and
 * `side`; otherwise it lies between −`side` and 0. That choice is made from the p-value at 0 alone, so the
 * bound is past 0 exactly when the test rejects: the interval and the test agree by construction, not up to
 * rounding. Bisection then runs to 1e-12.
 */
const crossing = (pAt: (delta0: number) => number, pAtZero: number, tail: number, side: -1 | 1): number => {
  const zeroInside = pAtZero >= tail;
  const end = zeroInside ? side : -side;
  // `inside` keeps p >= tail, `outside` p < tail; an end of [-1, 1] on the wrong side is itself the bound.
  if (zeroInside ? pAt(end) >= tail : pAt(end) < tail) return end;
  let inside = zeroInside ? 0 : end;
  let outside = zeroInside ? end : 0;
  while (Math.abs(outside - inside) > 1e-12) {
    const middle = (inside + outside) / 2;
    if (pAt(middle) >= tail) inside = middle;
    else outside = middle;
  }
  return (inside + outside) / 2;
};

/**
 * Tango's score interval for candidate − baseline on n paired cases, with the one-sided p-values of the same
 * score test: `interval[1] < 0` exactly when `pWorse < alpha / 2`, and `interval[0] > 0` exactly when
 * `pBetter < alpha / 2`. With no pairs nothing is known: [-1, 1] and p = 0.5.
 * @param regressions pairs the baseline passed and the candidate failed.
 * @param fixes pairs the baseline failed and the candidate passed.
 * @param n all pairs.
 * @example tangoScoreInterval(16, 6, 161) // interval [-0.1240, -0.0054] (Cavo et al. 2012, in Fagerland et al.)
 * @throws RangeError on negative or non-integer counts, regressions + fixes > n, or alpha outside (0, 1).
 */
export const tangoScoreInterval = (
  regressions: number,
  fixes: number,
  n: number,
  alpha = 0.05,
): PairedTestResult => {
  checkAlpha('tangoScoreInterval', alpha);
  if (
    ![regressions, fixes, n].every((count) => Number.isInteger(count) && count >= 0) ||
    regressions + fixes > n
  ) {
    throw new RangeError(
      `tangoScoreInterval: need non-negative integer counts with regressions + fixes <= n, got ${regressions}, ${fixes}, ${n}`,
    );
  }
  if (n === 0) return { diff: 0, interval: [-1, 1], pWorse: 0.5, pBetter: 0.5 };
  const tail = alpha / 2;
  const pWorse = pairedScorePWorse(regressions, fixes);
  const pBetter = pairedScorePWorse(fixes, regressions);
  const z = (delta0: number) => scoreStatistic(regressions, fixes, n, delta0);
  // pWorse at δ0 falls as δ0 grows: the upper bound is where it reaches the tail; pBetter rises, for the lower.
  const high = crossing((delta0) => normalCdf(z(delta0)), pWorse, tail, 1);
  const low = crossing((delta0) => normalCdf(-z(delta0)), pBetter, tail, -1);
  return { diff: (fixes - regressions) / n, interval: [low, high], pWorse, pBetter };
};
