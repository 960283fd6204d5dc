// The run page's frontier: the HTML report's placement (unpriced left off, free at a tenth of the cheapest paid
// model) and its Pareto rule, so the two never disagree about which models to name.
import { describe, expect, it } from 'vitest';
import type { RunSummary, SummaryRow } from '../../scorecard/run-summary.js';
import { frontierOf } from './frontier-points.js';

const row = (model: string, passRate: number, cost: number | null, p95: number | null): SummaryRow => ({
  model,
  prompt: 'p',
  cases: 10,
  results: 10,
  passed: passRate * 10,
  failed: 10 - passRate * 10,
  errors: 0,
  passRate,
  passRateCi95: [passRate - 0.1, passRate + 0.1],
  costUsd: cost,
  costPer1kCallsUsd: cost,
  costPer1kCasesUsd: cost,
  costPer1kUsd: cost,
  judgeCostUsd: 0,
  latencyMs: { p50: p95, p95 },
  ttftMs: { p50: null },
  tokens: { input: null, output: null },
});

const summaryOf = (rows: SummaryRow[]) => ({ summary: rows }) as RunSummary;

describe('the frontier', () => {
  it('names the Pareto-optimal models and leaves the dominated ones plain', () => {
    const frontier = frontierOf(
      summaryOf([
        row('frontier', 0.95, 10, 900),
        row('mid', 0.9, 2, 500),
        row('legacy', 0.8, 20, 1200),
        row('tiny', 0.5, 0.1, 100),
      ]),
    );
    expect(frontier.cost.points.filter((point) => point.pareto).map((point) => point.name)).toEqual([
      'frontier',
      'mid',
      'tiny',
    ]);
    expect(frontier.latency.points.find((point) => point.name === 'legacy')?.pareto).toBe(false);
  });

  it('leaves unpriced models and models with no answer off their axis, saying why, and places a free one', () => {
    const frontier = frontierOf(
      summaryOf([row('paid', 0.9, 4, 300), row('free', 0.7, 0, 200), row('local', 0.8, null, null)]),
    );
    expect(frontier.cost.points.map((point) => [point.name, point.x])).toEqual([
      ['paid', 4],
      ['free (free)', 0.4],
    ]);
    expect(frontier.cost.left).toEqual(['local (unpriced)']);
    expect(frontier.latency.left).toEqual(['local (no answered case)']);
  });
});
