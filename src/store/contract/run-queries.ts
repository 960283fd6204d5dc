// Read-only, paged queries over runs and results (for `yardstick ui`), in the store contract.
import type { ResultRow, RunRow, RunStatus } from './store-types.js';

/** Where the previous page ended: lists are ordered by (startedAt, id) descending. */
export interface TimeCursor {
  startedAt: string;
  id: string;
}

export interface RunFilter {
  suite?: string | undefined;
  /** Runs with at least one result of this model. */
  model?: string | undefined;
  status?: RunStatus | undefined;
  /** ISO times: startedAt >= since, startedAt < until. */
  since?: string | undefined;
  until?: string | undefined;
  after?: TimeCursor | undefined;
  limit: number;
}

export interface CaseCell {
  modelId: string;
  promptId: string;
  passed: number;
  runs: number;
  errors: number;
}

export interface CasePage {
  caseIds: string[];
  /** Per case, one entry per model and prompt that ran it. */
  cells: Map<string, CaseCell[]>;
}

export interface SummaryRow {
  modelId: string;
  promptId: string;
  testId: string;
  repeat: number;
  pass: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  latencyMs: number | null;
  ttftMs: number | null;
  costUsd: number | null;
  judgeCostUsd: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cachedInputTokens: number | null;
  reasoningTokens: number | null;
  cacheHit: number;
}

export interface RunQueries {
  runsPage(filter: RunFilter): Promise<RunRow[]>;
  /** Distinct suite names, for the runs filter. */
  suiteNames(): Promise<string[]>;
  /** Cases of a run in id order after `after`; `failingOnly` keeps cases where some result did not pass. */
  casePage(
    runId: string,
    options: { after?: string | undefined; limit: number; failingOnly: boolean },
  ): Promise<CasePage>;
  /** The models and prompts a run has results for, ordered as the scorecard's summary rows. */
  modelsOf(runId: string): Promise<Array<{ model: string; prompt: string }>>;
  /**
   * What a summary reads of each result, in the scorecard's order (model, prompt, case, repeat): no answer, no
   * tool calls, so summarizing a run never decodes its outputs.
   */
  summaryRows(runId: string): AsyncIterable<SummaryRow>;
  /** Every repeat of one case on one model and prompt. */
  caseResults(runId: string, caseId: string, modelId: string, promptId: string): Promise<ResultRow[]>;
}
