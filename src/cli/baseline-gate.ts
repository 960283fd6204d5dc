// `eval --baseline`: after the run, each model that ran is compared with the baseline; the gate fails if any fails.
import { compareSides } from '../report/compare/compare-sides.js';
import type { ComparisonSide } from '../report/compare/comparison-side.js';
import type { GateOptions } from '../report/compare/decide-gate.js';
import { openSide } from '../report/compare/load-side.js';
import { renderComparison } from '../report/compare/render-comparison.js';
import type { Store } from '../store/store.js';

/** Prints one comparison per model of the run; true when every model passes the gate. */
export const gateAgainstBaseline = (
  baseline: ComparisonSide,
  runId: string,
  store: Store,
  gate: GateOptions,
): boolean => {
  const run = openSide(runId, () => store);
  let passed = true;
  for (const model of run.models) {
    const comparison = compareSides(baseline, run.side(model), gate);
    process.stdout.write(renderComparison(comparison));
    if (comparison.decision === 'fail') passed = false;
  }
  return passed;
};
