// Binomial probabilities for exact power sums: the mass function in log space and the upper tail through the
// regularized incomplete beta function, both stable for n in the millions.
import { regularizedIncompleteBeta } from './incomplete-beta.js';
import { logGamma } from './log-gamma.js';

/** P(X = k) for X ~ Binomial(n, p). */
export const binomialPmf = (k: number, n: number, p: number): number => {
  if (k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return Math.exp(
    logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p),
  );
};

/** P(X >= k) for X ~ Binomial(n, p), as I_p(k, n − k + 1). */
export const binomialUpperTail = (k: number, n: number, p: number): number => {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p === 0 || p === 1) return p;
  return regularizedIncompleteBeta(p, k, n - k + 1);
};
