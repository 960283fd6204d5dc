// Percentile bootstrap interval for the mean per-case difference (candidate − baseline) when each case
// has a pass fraction over repeats; resamples whole cases so the pairing is kept. Seeded, so reproducible.
import { percentile } from './percentile.js';
import { seededRandom } from './seeded-random.js';

/** Options for pairedBootstrapInterval. */
export interface PairedBootstrapOptions {
  /** Number of bootstrap resamples; default 2000. */
  resamples?: number;
  /** Two-sided confidence level in (0, 1); default 0.95. */
  confidence?: number;
  /** Integer seed for the resampling stream; default 1. */
  seed?: number;
}

/**
 * Percentile bootstrap [low, high] for mean(candidate[i] − baseline[i]), resampling cases with replacement.
 * With no cases nothing is known, so the interval is [-1, 1].
 * @example pairedBootstrapInterval([0.5, 1, 0], [1, 1, 0.5]) // an interval around 1/3
 * @throws RangeError on unequal lengths, values outside [0, 1], a non-positive-integer resample count,
 *   or confidence outside (0, 1).
 */
export const pairedBootstrapInterval = (
  baseline: readonly number[],
  candidate: readonly number[],
  { resamples = 2000, confidence = 0.95, seed = 1 }: PairedBootstrapOptions = {},
): [number, number] => {
  if (baseline.length !== candidate.length) {
    throw new RangeError(
      `pairedBootstrapInterval: baseline and candidate must have equal length, got ${baseline.length} and ${candidate.length}`,
    );
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`pairedBootstrapInterval: confidence must be in (0, 1), got ${confidence}`);
  }
  if (!(Number.isInteger(resamples) && resamples > 0)) {
    throw new RangeError(`pairedBootstrapInterval: resamples must be a positive integer, got ${resamples}`);
  }
  const inUnit = (value: number): boolean => value >= 0 && value <= 1;
  if (!baseline.every(inUnit) || !candidate.every(inUnit)) {
    throw new RangeError('pairedBootstrapInterval: every pass fraction must be in [0, 1]');
  }
  const count = baseline.length;
  if (count === 0) return [-1, 1];
  const differences = baseline.map((value, i) => (candidate[i] ?? value) - value);

  const random = seededRandom(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += differences[Math.floor(random() * count)] ?? 0;
    means[r] = sum / count;
  }
  const sorted = Array.from(means.sort());
  const tail = ((1 - confidence) / 2) * 100;
  const low = percentile(sorted, tail) ?? -1;
  const high = percentile(sorted, 100 - tail) ?? 1;
  return [low, high];
};
