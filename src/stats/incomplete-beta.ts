// Regularized incomplete beta function I_x(a, b), the CDF behind Student's t and binomial tails: the
// continued fraction of Numerical Recipes (Press et al., 3rd ed., §6.4) evaluated with Lentz's method.
import { logGamma } from './log-gamma.js';

const tiny = 1e-300;
const epsilon = 1e-15;
const maxIterations = 10_000;

/** The continued fraction for I_x(a, b), accurate where x < (a + 1)/(a + b + 2). */
const continuedFraction = (x: number, a: number, b: number): number => {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= maxIterations; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < epsilon) return h;
  }
  return h;
};

/**
 * I_x(a, b) = B(x; a, b) / B(a, b) for a, b > 0 and 0 <= x <= 1.
 * @example regularizedIncompleteBeta(0.5, 2, 3) // 0.6875
 * @throws RangeError when a or b is not positive or x is outside [0, 1].
 */
export const regularizedIncompleteBeta = (x: number, a: number, b: number): number => {
  if (!(a > 0 && b > 0 && Number.isFinite(a) && Number.isFinite(b))) {
    throw new RangeError(`regularizedIncompleteBeta: a and b must be positive, got ${a}, ${b}`);
  }
  if (!(x >= 0 && x <= 1)) throw new RangeError(`regularizedIncompleteBeta: x must be in [0, 1], got ${x}`);
  if (x === 0 || x === 1) return x;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  // The fraction converges fast on one side of the mean; the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) covers the other.
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * continuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * continuedFraction(1 - x, b, a)) / b;
};
