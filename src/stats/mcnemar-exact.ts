// Exact (conditional binomial) McNemar test for paired pass/fail outcomes: given b + c discordant
// pairs, under "no difference" each is equally likely to be a regression or a fix.
import { logGamma } from './log-gamma.js';

/**
 * Two-sided exact McNemar p-value, min(1, 2·P(X <= min(b, c))) with X ~ Binomial(b + c, 1/2);
 * 1 when there are no discordant pairs. Stable for b + c in the hundreds of thousands: the tail is
 * summed downward from P(X = min(b, c)), which is formed in log space.
 * @param b pairs where the baseline passed and the candidate failed (regressions).
 * @param c pairs where the baseline failed and the candidate passed (fixes).
 * @example mcnemarExactP(12, 2) // 0.01294 (Armitage & Berry's culture-media example)
 * @throws RangeError when b or c is not a non-negative integer.
 */
export const mcnemarExactP = (b: number, c: number): number => {
  if (!(Number.isInteger(b) && Number.isInteger(c) && b >= 0 && c >= 0)) {
    throw new RangeError(`mcnemarExactP: b and c must be non-negative integers, got ${b}, ${c}`);
  }
  const discordant = b + c;
  const smaller = Math.min(b, c);
  if (discordant === 0 || 2 * smaller >= discordant) return 1;
  let term = Math.exp(
    logGamma(discordant + 1) -
      logGamma(smaller + 1) -
      logGamma(discordant - smaller + 1) -
      discordant * Math.LN2,
  );
  let tail = term;
  // P(X = i - 1) = P(X = i) · i / (m - i + 1); below the mean the terms shrink geometrically.
  for (let i = smaller; i > 0 && term > tail * Number.EPSILON; i--) {
    term *= i / (discordant - i + 1);
    tail += term;
  }
  return Math.min(1, 2 * tail);
};
