// Which targets of a route qualify on its suite, which one serves, and in what order the rest follow: the
// decision `yardstick qualify` records and the gateway's `cheapest-passing` policy serves from.

import type { QualificationCandidate } from '../spec/qualification.js';
import { recommendModel } from './recommend-model.js';
import type { SummaryRow } from './run-summary.js';
import { meetsThreshold } from './threshold.js';

/** A pass-rate bar on the Wilson lower bound, or paired non-inferiority against a reference target. */
export type QualifyRule = { minPassRate: number } | { reference: string; maxDrop: number };

/** A paired comparison of one target with the reference, as compare-sides.ts decides it. */
export interface ReferenceVerdict {
  decision: 'pass' | 'fail';
  reason: string;
}

/** A target's result in a qualification: the shape the store keeps. */
export type TargetOutcome = QualificationCandidate;

export interface QualificationDecision {
  candidates: TargetOutcome[];
  chosen: string | null;
  order: string[];
  reason: string;
}

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

const outcomeOf = (model: string, row: SummaryRow | undefined, skipped: string | undefined) => ({
  model,
  passRate: row ? row.passRate : null,
  passRateCi95: row ? row.passRateCi95 : null,
  costPer1kCallsUsd: row ? row.costPer1kCallsUsd : null,
  latencyMs: { p95: row ? row.latencyMs.p95 : null },
  ...(row === undefined ? { note: `did not run: ${skipped ?? 'no results'}` } : {}),
});

const lowerBound = (outcome: TargetOutcome): number => outcome.passRateCi95?.[0] ?? -1;

/**
 * The serving order: qualified priced targets by cost per call (ties: the higher lower bound first), then
 * qualified unpriced ones, then the rest by their lower bound, so a fallback is the best of what is left.
 */
export const servingOrder = (candidates: readonly TargetOutcome[]): string[] => {
  const byBound = (a: TargetOutcome, b: TargetOutcome) => lowerBound(b) - lowerBound(a);
  const qualified = candidates.filter((candidate) => candidate.qualified);
  const priced = qualified
    .filter((candidate) => candidate.costPer1kCallsUsd !== null)
    .sort((a, b) => (a.costPer1kCallsUsd ?? 0) - (b.costPer1kCallsUsd ?? 0) || byBound(a, b));
  const unpriced = qualified.filter((candidate) => candidate.costPer1kCallsUsd === null).sort(byBound);
  const rest = candidates.filter((candidate) => !candidate.qualified).sort(byBound);
  return [...priced, ...unpriced, ...rest].map((candidate) => candidate.model);
};

/**
 * Decides on the summary rows of a qualification run (one row per target, keyed by the target's name).
 * `skipped` says why a target has no row; `verdicts` holds each target's comparison with the reference.
 */
export const qualifyTargets = (
  targets: readonly string[],
  rows: readonly SummaryRow[],
  rule: QualifyRule,
  options: { skipped?: ReadonlyMap<string, string>; verdicts?: ReadonlyMap<string, ReferenceVerdict> } = {},
): QualificationDecision => {
  const rowOf = (model: string) => rows.find((row) => row.model === model);
  if ('minPassRate' in rule) {
    const bar = rule.minPassRate;
    const candidates = targets.map((model): TargetOutcome => {
      const row = rowOf(model);
      return {
        ...outcomeOf(model, row, options.skipped?.get(model)),
        qualified: row !== undefined && meetsThreshold(row.passRateCi95[0], bar),
      };
    });
    const ran = targets.flatMap((model) => rowOf(model) ?? []);
    const recommendation = recommendModel(ran, bar);
    const order = servingOrder(candidates);
    // the same rule as the recommendation: the cheapest credibly passing target, first in the order
    const chosen = candidates.find((candidate) => candidate.model === order[0])?.qualified
      ? (order[0] ?? null)
      : null;
    const reason =
      chosen === null ? `no target qualifies: ${recommendation.reason}` : `${recommendation.reason}`;
    return { candidates, chosen, order, reason: withOrder(reason, chosen, order) };
  }
  const candidates = targets.map((model): TargetOutcome => {
    const row = rowOf(model);
    const verdict = model === rule.reference ? undefined : options.verdicts?.get(model);
    const qualified = row !== undefined && (model === rule.reference || verdict?.decision === 'pass');
    const base = outcomeOf(model, row, options.skipped?.get(model));
    return { ...base, qualified, ...(verdict && row ? { note: verdict.reason } : {}) };
  });
  const order = servingOrder(candidates);
  const first = candidates.find((candidate) => candidate.model === order[0]);
  const chosen = first?.qualified ? first.model : null;
  const allowed = `${(rule.maxDrop * 100).toFixed(1)} points`;
  let reason: string;
  if (chosen === null) {
    reason = `no target qualifies: the reference ${rule.reference} did not run`;
  } else if (chosen === rule.reference) {
    reason = `no cheaper target is shown to be at most ${allowed} worse than the reference ${rule.reference}, so the reference serves`;
  } else {
    const cost = first?.costPer1kCallsUsd;
    reason =
      `${chosen} is the cheapest target shown to be at most ${allowed} worse than the reference ${rule.reference}` +
      ` (pass rate ${percent(first?.passRate ?? 0)}${cost == null ? ', unpriced' : `, $${cost.toPrecision(3)} per 1,000 calls`})`;
  }
  return { candidates, chosen, order, reason: withOrder(reason, chosen, order) };
};

const withOrder = (reason: string, chosen: string | null, order: readonly string[]): string =>
  chosen === null
    ? `${reason}; the gateway serves the route in its listed order`
    : `${reason}; serving order: ${order.join(' → ')}`;

/** What serving `chosen` instead of `from` saves per day at `perDay` calls (negative: it costs more). */
export const savingPerDay = (
  from: TargetOutcome | undefined,
  chosen: TargetOutcome | undefined,
  perDay: number,
): number | null => {
  if (from?.costPer1kCallsUsd == null || chosen?.costPer1kCallsUsd == null) return null;
  return ((from.costPer1kCallsUsd - chosen.costPer1kCallsUsd) / 1000) * perDay;
};
