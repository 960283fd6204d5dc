// Standard normal CDF via Hart's (1968) double-precision rational approximation as given by West (2005),
// accurate to about 1e-14 absolute, with relative accuracy kept in the far tails (it works with exp(-x²/2)).

const inverseSqrtTwoPi = 1 / Math.sqrt(2 * Math.PI);

const numerator = [
  0.0352624965998911, 0.700383064443688, 6.37396220353165, 33.912866078383, 112.079291497871,
  221.213596169931, 220.206867912376,
];
const denominator = [
  0.0883883476483184, 1.75566716318264, 16.064177579207, 86.7807322029461, 296.564248779674, 637.333633378831,
  793.826512519948, 440.413735824752,
];

/** Evaluates a polynomial with coefficients from the highest degree down (Horner). */
const horner = (coefficients: readonly number[], x: number): number =>
  coefficients.reduce((sum, coefficient) => sum * x + coefficient, 0);

/**
 * P(Z <= x) for a standard normal Z.
 * @example normalCdf(1.959964) // 0.975000...
 * @throws RangeError when x is NaN.
 */
export const normalCdf = (x: number): number => {
  if (Number.isNaN(x)) throw new RangeError('normalCdf: x must be a number, got NaN');
  const absX = Math.abs(x);
  let lowerTail: number; // P(Z <= -|x|)
  if (absX > 38) {
    lowerTail = 0;
  } else {
    const density = Math.exp((-absX * absX) / 2);
    if (absX < 7.07106781186547) {
      lowerTail = (density * horner(numerator, absX)) / horner(denominator, absX);
    } else {
      // Continued fraction for the far tail.
      const fraction = absX + 1 / (absX + 2 / (absX + 3 / (absX + 4 / (absX + 0.65))));
      lowerTail = (density * inverseSqrtTwoPi) / fraction;
    }
  }
  return x > 0 ? 1 - lowerTail : lowerTail;
};
