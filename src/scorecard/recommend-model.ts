// "Which model should this task use?": the cheapest whose pass rate is credibly at least the bar.
import type { SummaryRow } from './run-summary.js';

export interface Recommendation {
  /** null when no model qualifies. */
  model: string | null;
  reason: string;
}

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

/**
 * A model qualifies when the lower bound of its 95% interval reaches the threshold; among those, the lowest cost
 * per 1,000 cases wins (an unpriced model is named only when no priced one qualifies, and said to be unpriced).
 */
export const recommendModel = (rows: SummaryRow[], threshold: number): Recommendation => {
  const qualifying = rows.filter((row) => row.passRateCi95[0] >= threshold);
  const priced = qualifying
    .filter((row) => row.costPer1kUsd !== null)
    .sort((a, b) => (a.costPer1kUsd ?? 0) - (b.costPer1kUsd ?? 0));
  const best = priced[0];
  if (best) {
    const others = qualifying.length - 1;
    return {
      model: best.model,
      reason:
        `${best.model} is the cheapest model whose pass rate is credibly at least ${percent(threshold)} ` +
        `(95% CI lower bound ${percent(best.passRateCi95[0])}, $${(best.costPer1kUsd ?? 0).toPrecision(3)} per 1,000 cases)` +
        (others > 0 ? `; ${others} other model(s) also qualify at a higher or unknown cost` : ''),
    };
  }
  const unpriced = qualifying[0];
  if (unpriced) {
    return {
      model: unpriced.model,
      reason: `${unpriced.model} qualifies (95% CI lower bound ${percent(unpriced.passRateCi95[0])}) but is unpriced; add a price to compare its cost`,
    };
  }
  const closest = [...rows].sort((a, b) => b.passRateCi95[0] - a.passRateCi95[0])[0];
  return {
    model: null,
    reason: closest
      ? `no model is credibly at least ${percent(threshold)}; closest is ${closest.model} (pass rate ${percent(closest.passRate)}, 95% CI lower bound ${percent(closest.passRateCi95[0])}); more cases would narrow the interval`
      : 'no model ran',
  };
};
