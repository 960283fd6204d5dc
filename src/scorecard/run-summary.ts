// The summary of a run as every report shows it: one row per model (and prompt), in the shape of the run JSON.

export interface SummaryRow {
  model: string;
  prompt: string;
  /** Distinct cases (tests) this model answered. */
  cases: number;
  /** Results: cases × their repeats. `passed`, `failed` and `errors` count results. */
  results: number;
  passed: number;
  failed: number;
  errors: number;
  /**
   * Mean over cases of each case's estimated per-call pass probability (case-estimate.ts): with one repeat
   * passed / cases, with fixed repeats the mean pass fraction, after `--repeat auto` the mean unbiased estimate.
   */
  passRate: number;
  /** Wilson interval over cases, each counting by its score. */
  passRateCi95: [number, number];
  /** Spend of the model under test over the run; null when the model is unpriced. */
  costUsd: number | null;
  /** Total cost / answered calls × 1,000: what 1,000 calls cost in production. Null when unpriced. */
  costPer1kCallsUsd: number | null;
  /** Total cost / distinct cases × 1,000: what running 1,000 cases cost here, repeats included. Null when unpriced. */
  costPer1kCasesUsd: number | null;
  /** The per-call figure under its old name, kept for one release; use costPer1kCallsUsd. */
  costPer1kUsd: number | null;
  /** Spend of judge and embedding models for this row's assertions, counted apart. */
  judgeCostUsd: number;
  latencyMs: { p50: number | null; p95: number | null };
  /** Time to first token when streaming. */
  ttftMs: { p50: number | null };
  /** Mean tokens per answered case. */
  tokens: { input: number | null; output: number | null };
  /** With `--threshold`: whether this row's pass rate reaches it (the exit code's test, per model). */
  meetsThreshold?: boolean;
  /** With `--volume`: spend per day and month at that volume (calls × cost per call), and the saving per day against the current model. */
  projected?: { perDayUsd: number | null; perMonthUsd: number | null; savingPerDayUsd: number | null };
}

export interface RunInfo {
  id: string;
  suite: string;
  suitePath: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface RunSummary {
  run: RunInfo;
  summary: SummaryRow[];
  skipped: Array<{ model: string; reason: string }>;
  /** Model-graded checks left out of every score because their grader was unavailable. */
  skippedAssertions: Array<{ type: string; reason: string; count: number }>;
  /** With repeats: cases that passed some repeats and failed others, per model. */
  flaky: Array<{ model: string; prompt: string; caseId: string; passed: number; repeats: number }>;
  totals: {
    cases: number;
    results: number;
    passed: number;
    failed: number;
    errors: number;
    passRate: number;
  };
  /** With `--repeat auto`: the calls made, and what repeating every case `maxRepeats` times would have made. */
  repeats?: {
    mode: 'auto';
    maxRepeats: number;
    calls: number;
    fixedCalls: number;
    savedCalls: number;
  };
  /** With `--volume`: calls per day, as written, and the model savings are measured against. */
  volume?: { perDay: number; label: string; reference: string | null };
  /** With `--threshold`: the bar each model's pass rate is held to. */
  threshold?: number;
  /**
   * With `--threshold`: the cheapest model credibly meeting it (credible: true); else the one that reaches it
   * with the highest interval lower bound (credible: false); null when no model reaches it.
   */
  recommendation?: { model: string | null; credible: boolean; reason: string };
}
