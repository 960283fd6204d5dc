// The shapes of the JSON API under /api/ (docs/ui.md): written by the UI server, read by the web app, types only.
import type { Comparison } from '../scorecard/compare-sides.js';
import type { RunSummary } from '../scorecard/run-summary.js';
import type { KeyBudgetRow, TraceListRow } from '../store/contract/trace-queries.js';

export interface ApiError {
  error: { code: string; message: string };
}

export interface RunListItem {
  id: string;
  suite: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  totalPlanned: number;
  results: number;
  /** Per model (and prompt), from the scorecard's summary. */
  models: Array<{ model: string; prompt: string; passRate: number; passRateCi95: [number, number] }>;
  passRate: number;
  /** Spend of the models under test; null when some model is unpriced. */
  costUsd: number | null;
}

export interface RunsPage {
  runs: RunListItem[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

export interface FrontierPoint {
  /** The model's label; `(free)` is added for a model at no cost. */
  name: string;
  model: string;
  prompt: string;
  x: number;
  rate: number;
  low: number;
  high: number;
  /** No other point is at least as good on both axes and better on one. */
  pareto: boolean;
}

export interface FrontierAxis {
  points: FrontierPoint[];
  /** Models that cannot be placed on this axis, with why (unpriced, no answered case). */
  left: string[];
}

export interface Column {
  model: string;
  prompt: string;
  label: string;
}

export interface RunView {
  summary: RunSummary;
  columns: Column[];
  frontier: { cost: FrontierAxis; latency: FrontierAxis };
  /** Distinct cases and results stored, against the planned results. */
  results: number;
  totalPlanned: number;
}

export interface CellSummary {
  passed: number;
  runs: number;
  errors: number;
}

export interface CasesPage {
  columns: Column[];
  cases: Array<{ id: string; cells: Array<CellSummary | null> }>;
  nextCursor: string | null;
}

export interface CheckView {
  name: string;
  pass: boolean;
  skipped: boolean;
  reason: string;
}

export interface AnswerView {
  repeat: number;
  pass: boolean;
  output: string;
  toolCalls: Array<{ name: string; arguments: string }>;
  /** `E_CODE: message` when the call got no answer. */
  error: string | null;
  latencyMs: number | null;
  costUsd: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheHit: boolean;
  finishReason: string | null;
  checks: CheckView[];
}

export interface CaseDetail {
  runId: string;
  caseId: string;
  model: string;
  prompt: string;
  answers: AnswerView[];
}

export interface ComparisonPage extends Omit<Comparison, 'cases'> {
  /** Regressed first, then fixed, unchanged, still failing, still passing; `offset`/`limit` of them. */
  cases: Comparison['cases'];
  casesTotal: number;
  offset: number;
}

/** A run and the models it has results for, to choose the sides of a comparison. */
export interface RunModels {
  runId: string;
  suite: string;
  startedAt: string;
  models: string[];
}

export interface TracesPage {
  traces: TraceListRow[];
  nextCursor: string | null;
}

export interface TraceView {
  id: string;
  startedAt: string;
  keyName: string | null;
  route: string | null;
  requestedModel: string | null;
  endpoint: string;
  stream: boolean;
  status: number;
  provider: string | null;
  model: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  attempts: Array<{
    provider: string;
    model: string;
    status: number;
    latencyMs: number;
    error: string | null;
  }>;
  inputTokens: number | null;
  cachedInputTokens: number | null;
  outputTokens: number | null;
  reasoningTokens: number | null;
  costUsd: number | null;
  ttftMs: number | null;
  latencyMs: number;
  cacheHit: boolean;
  /** The captured bodies, with `capture: true` on the route; null otherwise. */
  requestBody: string | null;
  responseBody: string | null;
}

export interface SpendSeries {
  /** Key name or route; null for requests without one. */
  group: string | null;
  totalUsd: number;
  requests: number;
  buckets: Array<{ bucket: string; costUsd: number; requests: number; unpriced: number }>;
}

export interface KeyBudget extends KeyBudgetRow {
  status: 'active' | 'revoked' | 'expired';
  /** Spend since the start of the budget's current period (UTC day or month); null without a budget. */
  spentThisPeriodUsd: number | null;
  periodStart: string | null;
}

export interface SpendView {
  by: 'key' | 'route';
  bucket: 'hour' | 'day';
  since: string;
  until: string;
  series: SpendSeries[];
  budgets: KeyBudget[];
}
