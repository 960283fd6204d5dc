// Events the runner emits while it works; the CLI turns them into a progress display.
import type { ErrorCode } from '../spec/errors.js';

export type RunEvent =
  | {
      type: 'start';
      runId: string;
      resumed: boolean;
      total: number;
      alreadyDone: number;
      models: string[];
      /** With `--repeat auto`, the most repeats of a case; `total` is then an upper bound. */
      maxRepeats?: number;
    }
  /** `droppedCalls`: planned calls of a model found unreachable mid-run that will not be made now. */
  | { type: 'model-skipped'; model: string; reason: string; droppedCalls: number }
  | {
      type: 'result';
      model: string;
      testId: string;
      pass: boolean;
      errorCode: ErrorCode | undefined;
      /** What this call actually spent now (0 on a cache hit; undefined when unpriced). */
      spentUsd: number | undefined;
      cacheHit: boolean;
    }
  | { type: 'retry'; model: string; message: string; delayMs: number }
  /** With `--repeat auto`: a round begins with `calls` calls still to make, for the cases not yet decided. */
  | { type: 'round'; round: number; calls: number; cases: number }
  /** `failed`: a distributed run ended with calls that failed on every worker that tried them. */
  | { type: 'finish'; runId: string; status: 'completed' | 'aborted' | 'failed' };
