// Natural log of the gamma function (Lanczos approximation, g = 7, nine coefficients), so binomial
// coefficients for large n can be formed in log space instead of with overflowing factorials.

const lanczos = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const halfLogTwoPi = 0.5 * Math.log(2 * Math.PI);

/**
 * ln Γ(x) for x > 0; ln Γ(n + 1) = ln n!.
 * @example logGamma(10) // 12.8018... = ln 9!
 * @throws RangeError when x is not a positive finite number.
 */
export const logGamma = (x: number): number => {
  if (!(x > 0 && Number.isFinite(x)))
    throw new RangeError(`logGamma: x must be positive and finite, got ${x}`);
  // Reflection Γ(x)Γ(1-x) = π / sin(πx) keeps the series in its accurate range.
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const shifted = x - 1;
  let series = lanczos[0] ?? 0;
  for (let i = 1; i < lanczos.length; i++) series += (lanczos[i] ?? 0) / (shifted + i);
  const t = shifted + 7.5;
  return halfLogTwoPi + (shifted + 0.5) * Math.log(t) - t + Math.log(series);
};
