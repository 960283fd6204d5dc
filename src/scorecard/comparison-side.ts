// One side of a comparison: the outcome of every (prompt, case, repeat) of one model in one run or results file.
import type { AutoRepeat } from './case-estimate.js';

export interface CaseOutcome {
  prompt: string;
  caseId: string;
  repeat: number;
  pass: boolean;
  /** The start of the answer, enough to see what changed. */
  output: string;
  /** Why it failed: the failed assertions' reasons, or the error. */
  reasons: string[];
}

export interface ComparisonSide {
  /** How the user named it: a run id, `run@model`, or a file. */
  label: string;
  runId: string | null;
  model: string;
  outcomes: CaseOutcome[];
  /** Set when the run used `--repeat auto`: each case then scores by the unbiased estimate (case-estimate.ts). */
  autoRepeat?: AutoRepeat;
}

export const outputExcerptLength = 300;
