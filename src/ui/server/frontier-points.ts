// The frontier the run page draws: each model's pass rate with its interval against cost per 1,000 calls and
// against p95 latency, Pareto-optimal models marked. The same placement as the HTML report (report-frontier.ts):
// unpriced models are left off the cost axis, a free one sits at a tenth of the cheapest paid one.
import type { RunSummary, SummaryRow } from '../../scorecard/run-summary.js';
import type { Column, FrontierAxis, FrontierPoint } from '../api-types.js';

/** Model labels as the report has them: the prompt is added only when the run has several. */
export const columnsOf = (rows: ReadonlyArray<{ model: string; prompt: string }>): Column[] => {
  const multiPrompt = new Set(rows.map((row) => row.prompt)).size > 1;
  return rows.map((row) => ({
    model: row.model,
    prompt: row.prompt,
    label: multiPrompt ? `${row.model} [${row.prompt}]` : row.model,
  }));
};

/** Pareto-optimal: no other point is at least as good on both axes (lower x, higher rate) and better on one. */
export const markPareto = (points: FrontierPoint[]): FrontierPoint[] =>
  points.map((point) => ({
    ...point,
    pareto: !points.some(
      (other) =>
        other !== point &&
        other.x <= point.x &&
        other.rate >= point.rate &&
        (other.x < point.x || other.rate > point.rate),
    ),
  }));

const pointOf = (row: SummaryRow, name: string, x: number): FrontierPoint => ({
  name,
  model: row.model,
  prompt: row.prompt,
  x,
  rate: row.passRate,
  low: row.passRateCi95[0],
  high: row.passRateCi95[1],
  pareto: false,
});

export const frontierOf = (summary: RunSummary): { cost: FrontierAxis; latency: FrontierAxis } => {
  const labels = columnsOf(summary.summary);
  const labelOf = (index: number): string => labels[index]?.label ?? '';
  const positive = summary.summary
    .map((row) => row.costPer1kCallsUsd)
    .filter((cost): cost is number => cost !== null && cost > 0);
  const floor = positive.length > 0 ? Math.min(...positive) / 10 : 0.001;
  const cost: FrontierAxis = { points: [], left: [] };
  const latency: FrontierAxis = { points: [], left: [] };
  summary.summary.forEach((row, index) => {
    const name = labelOf(index);
    if (row.costPer1kCallsUsd === null) cost.left.push(`${name} (unpriced)`);
    else if (row.costPer1kCallsUsd === 0) cost.points.push(pointOf(row, `${name} (free)`, floor));
    else cost.points.push(pointOf(row, name, row.costPer1kCallsUsd));
    if (row.latencyMs.p95 === null) latency.left.push(`${name} (no answered case)`);
    else latency.points.push(pointOf(row, name, row.latencyMs.p95));
  });
  return {
    cost: { points: markPareto(cost.points), left: cost.left },
    latency: { points: markPareto(latency.points), left: latency.left },
  };
};
