// One-sided two-proportion tests of "the first rate is below the second by more than a margin", by the score
// method of Farrington and Manning (1990): the variance is taken at the rates most likely under the null, so the
// test stays honest at small samples and at rates near 0 or 1, where the plain (Wald) test is overconfident.
import { normalCdf } from './normal-cdf.js';

export interface ProportionCounts {
  successes: number;
  total: number;
}

const checkCounts = ({ successes, total }: ProportionCounts, name: string): void => {
  if (!(Number.isInteger(total) && total > 0 && successes >= 0 && successes <= total)) {
    throw new RangeError(`${name}: need 0 <= successes <= total and total >= 1, got ${successes}/${total}`);
  }
};

/**
 * The maximum-likelihood rates (p1, p2) under the constraint p1 − p2 = difference, from the closed-form root of
 * the score equation's cubic (Farrington & Manning 1990, appendix; Miettinen & Nurminen 1985).
 */
export const restrictedRates = (
  first: ProportionCounts,
  second: ProportionCounts,
  difference: number,
): [number, number] => {
  const p1 = first.successes / first.total;
  const p2 = second.successes / second.total;
  const theta = second.total / first.total;
  const a = 1 + theta;
  const b = -(1 + theta + p1 + theta * p2 + difference * (theta + 2));
  const c = difference * difference + difference * (2 * p1 + theta + 1) + p1 + theta * p2;
  const d = -p1 * difference * (1 + difference);
  const v = b ** 3 / (27 * a ** 3) - (b * c) / (6 * a * a) + d / (2 * a);
  const u = Math.sign(v) * Math.sqrt(Math.max(0, (b * b) / (9 * a * a) - c / (3 * a)));
  // v/u³ is within [-1, 1] but for rounding; u = 0 only when the cubic has a triple root, at v = 0
  const ratio = u === 0 ? 0 : Math.min(1, Math.max(-1, v / u ** 3));
  const w = (Math.PI + Math.acos(ratio)) / 3;
  const restricted1 = Math.min(1, Math.max(0, 2 * u * Math.cos(w) - b / (3 * a)));
  const restricted2 = Math.min(1, Math.max(0, restricted1 - difference));
  return [restricted1, restricted2];
};

export interface NonInferiorityResult {
  /** p1 − p2 as observed. */
  difference: number;
  /** The score statistic; negative when the first rate is below the second by more than the margin. */
  z: number;
  /** One-sided p-value of "p1 < p2 − margin": small when the first rate is credibly lower by more than the margin. */
  p: number;
}

/**
 * Tests H1: p1 < p2 − margin against H0: p1 ≥ p2 − margin (with margin 0, the classic pooled two-proportion test).
 * @example scoreTestBelow({ successes: 45, total: 100 }, { successes: 60, total: 100 }, 0).z // −2.124
 */
export const scoreTestBelow = (
  first: ProportionCounts,
  second: ProportionCounts,
  margin: number,
): NonInferiorityResult => {
  checkCounts(first, 'scoreTestBelow first');
  checkCounts(second, 'scoreTestBelow second');
  if (!(margin >= 0 && margin < 1))
    throw new RangeError(`scoreTestBelow: margin must be in [0, 1), got ${margin}`);
  const difference = first.successes / first.total - second.successes / second.total;
  const [r1, r2] = restrictedRates(first, second, -margin);
  const variance = (r1 * (1 - r1)) / first.total + (r2 * (1 - r2)) / second.total;
  const distance = difference + margin;
  // no variance left: both restricted rates at 0 or 1, so the observed difference is the whole story
  const z = variance > 0 ? distance / Math.sqrt(variance) : distance < 0 ? -Infinity : Infinity;
  return { difference, z, p: Number.isFinite(z) ? normalCdf(z) : z < 0 ? 0 : 1 };
};

/**
 * The same test against a known rate (a reference without counts): H1: p < reference − margin, by the one-sample
 * score test, whose variance is taken at the null rate.
 */
export const scoreTestBelowRate = (
  first: ProportionCounts,
  reference: number,
  margin: number,
): NonInferiorityResult => {
  checkCounts(first, 'scoreTestBelowRate');
  const rate = first.successes / first.total;
  const nullRate = reference - margin;
  const difference = rate - reference;
  if (nullRate <= 0) return { difference, z: Infinity, p: 1 };
  if (nullRate >= 1) {
    const z = rate < 1 ? -Infinity : 0;
    return { difference, z, p: rate < 1 ? 0 : 0.5 };
  }
  const z = (rate - nullRate) / Math.sqrt((nullRate * (1 - nullRate)) / first.total);
  return { difference, z, p: normalCdf(z) };
};
