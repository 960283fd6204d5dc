// `eval --baseline`: after the run, each model that ran is compared with the baseline; the gate fails if any fails.

import { openSide } from '../report/compare/load-side.js';
import { type Comparison, compareSides } from '../scorecard/compare-sides.js';
import type { ComparisonSide } from '../scorecard/comparison-side.js';
import type { GateOptions } from '../scorecard/decide-gate.js';
import type { Store } from '../store/store.js';

/** One comparison per model of the run, in the run's model order. */
export const compareWithBaseline = (
  baseline: ComparisonSide,
  runId: string,
  store: Store,
  gate: GateOptions,
): Comparison[] => {
  const run = openSide(runId, () => store);
  return run.models.map((model) => compareSides(baseline, run.side(model), gate));
};
