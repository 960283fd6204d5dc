// "Which model should this task use?": the cheapest whose pass rate is credibly at least the bar, said so that it
// never contradicts the exit code, which holds each model's pass rate (the point estimate) to the bar.
import { wilsonInterval } from '../stats/wilson-interval.js';
import type { SummaryRow } from './run-summary.js';
import { meetsThreshold, rowsBelow } from './threshold.js';

export interface Recommendation {
  /** The recommended model; null when no model reaches the bar. */
  model: string | null;
  /** Whether the model's 95% interval lower bound reaches the bar, not only its pass rate. */
  credible: boolean;
  reason: string;
}

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

/** How many cases at this pass rate would lift the Wilson lower bound to the bar; null when none would. */
const casesToBeCredible = (passRate: number, threshold: number): number | null => {
  const credibleAt = (cases: number) => wilsonInterval(passRate * cases, cases)[0] >= threshold;
  let high = 1;
  while (!credibleAt(high)) {
    high *= 2;
    if (high > 100_000_000) return null;
  }
  let low = Math.floor(high / 2);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (credibleAt(middle)) high = middle;
    else low = middle;
  }
  return high;
};

/**
 * A model qualifies when the lower bound of its 95% interval reaches the threshold; among those, the lowest cost
 * per 1,000 calls wins (an unpriced model is named only when no priced one qualifies, the one with the highest
 * lower bound, and said to be unpriced).
 * When none qualifies but some reach the bar, the one with the highest lower bound is named, with how far it is
 * from credible. Models below the bar are listed, since they make `eval` exit 1.
 */
export const recommendModel = (rows: SummaryRow[], threshold: number): Recommendation => {
  const below = rowsBelow(rows, threshold);
  const belowNote =
    below.length > 0 && below.length < rows.length
      ? `; below ${percent(threshold)}: ${below.map((row) => `${row.model} (${percent(row.passRate)})`).join(', ')}`
      : '';
  const qualifying = rows.filter((row) => meetsThreshold(row.passRateCi95[0], threshold));
  const priced = qualifying
    .filter((row) => row.costPer1kCallsUsd !== null)
    // at equal cost, the one whose interval clears the bar by the most
    .sort(
      (a, b) =>
        (a.costPer1kCallsUsd ?? 0) - (b.costPer1kCallsUsd ?? 0) || b.passRateCi95[0] - a.passRateCi95[0],
    );
  const best = priced[0];
  if (best) {
    const others = qualifying.length - 1;
    return {
      model: best.model,
      credible: true,
      reason:
        `${best.model} is the cheapest model whose pass rate is credibly at least ${percent(threshold)} ` +
        `(95% CI lower bound ${percent(best.passRateCi95[0])}, $${(best.costPer1kCallsUsd ?? 0).toPrecision(3)} per 1,000 calls)` +
        (others > 0 ? `; ${others} other model(s) also qualify at a higher or unknown cost` : '') +
        belowNote,
    };
  }
  // with no price to compare, the one whose interval clears the bar by the most
  const unpriced = [...qualifying].sort((a, b) => b.passRateCi95[0] - a.passRateCi95[0])[0];
  if (unpriced) {
    return {
      model: unpriced.model,
      credible: true,
      reason: `${unpriced.model} qualifies (95% CI lower bound ${percent(unpriced.passRateCi95[0])}) but is unpriced; add a price to compare its cost${belowNote}`,
    };
  }
  const reaching = rows
    .filter((row) => meetsThreshold(row.passRate, threshold))
    .sort((a, b) => b.passRateCi95[0] - a.passRateCi95[0]);
  const nearest = reaching[0];
  if (nearest) {
    const needed = casesToBeCredible(nearest.passRate, threshold);
    const more =
      needed === null
        ? 'more cases alone cannot make it credible at this pass rate'
        : `about ${needed} cases at this pass rate would make it credible`;
    const others = reaching.length - 1;
    return {
      model: nearest.model,
      credible: false,
      reason:
        `${nearest.model} reaches ${percent(threshold)} on these ${nearest.cases} cases (${percent(nearest.passRate)}) but not credibly: ` +
        `its 95% interval starts at ${percent(nearest.passRateCi95[0])}; ${more}` +
        (others > 0 ? `; ${others} other model(s) also reach it, less credibly` : '') +
        belowNote,
    };
  }
  const closest = [...rows].sort((a, b) => b.passRate - a.passRate)[0];
  return {
    model: null,
    credible: false,
    reason: closest
      ? `no model reaches ${percent(threshold)}; closest is ${closest.model} (pass rate ${percent(closest.passRate)}, 95% CI ${percent(closest.passRateCi95[0])}–${percent(closest.passRateCi95[1])})`
      : 'no model ran',
  };
};
