// The shapes of the JSON API under /api/ (docs/ui.md): written by the UI server, read by the web app, types only.
import type { RouteListing } from '../gateway/route-listing.js';
import type { DriftSeries } from '../monitor/drift-series.js';
import type { Comparison } from '../scorecard/compare-sides.js';
import type { RunSummary } from '../scorecard/run-summary.js';
import type { QualificationCandidate } from '../spec/qualification.js';
import type { QualificationRule } from '../store/contract/qualification-store.js';
import type { KeyBudgetRow, TraceListRow } from '../store/contract/trace-queries.js';

export type { RouteListing } from '../gateway/route-listing.js';
export type { DriftPoint, DriftSeries } from '../monitor/drift-series.js';

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

/** `GET /api/routes`: from the gateway config given to `yardstick ui --config`, else from the records alone. */
export interface RoutesView {
  source: 'config' | 'records';
  routes: RouteListing[];
}

export interface RouteRecordView {
  id: number;
  createdAt: string;
  runId: string;
  suitePath: string;
  rule: QualificationRule;
  priceTableVersion: string;
  /** In the order the route listed them when it was qualified. */
  targets: string[];
  candidates: QualificationCandidate[];
  chosen: string | null;
  order: string[];
  reason: string;
}

export interface RouteView {
  listing: RouteListing;
  record: RouteRecordView | null;
  /** The route's traced requests per day over the last 7 days. */
  volume: { perDay: number; label: string };
  /** Serving the chosen target instead of the first listed one, at that volume; null when it is the same one. */
  saving: { from: string; to: string; perDayUsd: number | null } | null;
}

/** `GET /api/monitors`. */
export interface MonitorsView {
  since: string;
  until: string;
  bucket: 'hour' | 'day';
  series: DriftSeries[];
}

/** `POST /api/traces/<id>/capture`. */
export interface CaptureResult {
  caseId: string;
  /** The test file, relative to the capture folder. */
  file: string;
  /** False when the case was already in the file (it is left as it is). */
  appended: boolean;
}
