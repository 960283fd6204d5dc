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
  /** Mean over cases of each case's pass fraction over its repeats (with one repeat: passed / cases). */
  passRate: number;
  /** Wilson interval over cases, each counting by its pass fraction. */
  passRateCi95: [number, number];
  /** Spend of the model under test over the run; null when the model is unpriced. */
  costUsd: number | null;
  /** Mean cost of a case × 1,000; null when unpriced. */
  costPer1kUsd: number | null;
  /** Spend of judge and embedding models for this row's assertions, counted apart. */
  judgeCostUsd: number;
  latencyMs: { p50: number | null; p95: number | null };
  /** Time to first token when streaming. */
  ttftMs: { p50: number | null };
  /** Mean tokens per answered case. */
  tokens: { input: number | null; output: number | null };
  /** With `--volume`: spend per day and month at that volume, and the saving per day against the current model. */
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
  /** With `--threshold`: the cheapest model credibly meeting it (null when none does). */
  recommendation?: { model: string | null; reason: string };
}
