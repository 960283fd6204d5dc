// Power and sample size for the two-sided McNemar test from Connor's (1987, Biometrics 43:207–211)
// normal approximation: with discordance ψ = P(discordant pair) and true difference δ = p_c − p_b,
// n = [z_{α/2}·√ψ + z_β·√(ψ − δ²)]² / δ², and power = Φ((|δ|·√n − z_{α/2}·√ψ) / √(ψ − δ²)).
import { normalCdf } from './normal-cdf.js';
import { normalQuantile } from './normal-quantile.js';

/** A planning scenario for a paired comparison of two models on the same cases. */
export interface McnemarScenario {
  /** Expected difference in pass rates, candidate − baseline (sign ignored). */
  delta: number;
  /** Expected proportion of discordant pairs, (b + c)/n; must be at least |delta|. */
  discordance: number;
  /** Two-sided significance level; default 0.05. */
  alpha?: number;
}

const validate = (caller: string, { delta, discordance, alpha = 0.05 }: McnemarScenario): void => {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`${caller}: alpha must be in (0, 1), got ${alpha}`);
  if (!(discordance > 0 && discordance <= 1)) {
    throw new RangeError(`${caller}: discordance must be in (0, 1], got ${discordance}`);
  }
  if (!(Math.abs(delta) <= discordance)) {
    throw new RangeError(
      `${caller}: |delta| (${delta}) cannot exceed discordance (${discordance}): a pass-rate difference needs at least that share of discordant pairs`,
    );
  }
};

/**
 * Approximate power of the two-sided McNemar test with n pairs (Connor 1987). Adds the negligible
 * opposite-tail term Φ((−|δ|√n − z√ψ)/√(ψ − δ²)) so that power at δ = 0 is exactly alpha.
 * @example mcnemarPower({ n: 23, delta: 0.4, discordance: 0.5 }) // ≈ 0.80
 * @throws RangeError on n < 0, alpha outside (0, 1), discordance outside (0, 1], or |delta| > discordance.
 */
export const mcnemarPower = (scenario: McnemarScenario & { n: number }): number => {
  validate('mcnemarPower', scenario);
  const { n, delta, discordance, alpha = 0.05 } = scenario;
  if (!(n >= 0 && Number.isFinite(n))) throw new RangeError(`mcnemarPower: n must be >= 0, got ${n}`);
  const z = normalQuantile(1 - alpha / 2);
  const shift = Math.abs(delta) * Math.sqrt(n);
  const nullSpread = z * Math.sqrt(discordance);
  const altSd = Math.sqrt(discordance - delta * delta);
  // ψ = |δ| = 1: every pair moves the same way, so the statistic has no spread under the alternative.
  if (altSd === 0) return shift > nullSpread ? 1 : shift === nullSpread ? 0.5 : 0;
  return normalCdf((shift - nullSpread) / altSd) + normalCdf((-shift - nullSpread) / altSd);
};

/**
 * Smallest number of pairs (Connor 1987, ceiled) giving the two-sided McNemar test the requested power.
 * @example mcnemarSampleSize({ delta: 0.4, discordance: 0.5 }) // 23
 * @throws RangeError on delta = 0, |delta| > discordance, or power / alpha / discordance out of range.
 */
export const mcnemarSampleSize = (scenario: McnemarScenario & { power?: number }): number => {
  validate('mcnemarSampleSize', scenario);
  const { delta, discordance, alpha = 0.05, power = 0.8 } = scenario;
  if (!(power > 0 && power < 1))
    throw new RangeError(`mcnemarSampleSize: power must be in (0, 1), got ${power}`);
  if (delta === 0)
    throw new RangeError('mcnemarSampleSize: delta must be non-zero: no sample detects no difference');
  const zAlpha = normalQuantile(1 - alpha / 2);
  const zBeta = normalQuantile(power);
  const root = zAlpha * Math.sqrt(discordance) + zBeta * Math.sqrt(discordance - delta * delta);
  // Ceil after trimming floating-point dust so an exact integer answer is not bumped up by one.
  return Math.max(1, Math.ceil((root * root) / (delta * delta) - 1e-9));
};
