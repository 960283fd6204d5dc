// `eval --baseline`: after the run, each model that ran is compared with the baseline; the gate fails if any fails.

import { openSide } from '../report/compare/load-side.js';
import { type Comparison, compareSides } from '../scorecard/compare-sides.js';
import type { ComparisonSide } from '../scorecard/comparison-side.js';
import type { GateOptions } from '../scorecard/decide-gate.js';
import type { RunStore } from '../store/contract/run-store.js';

/** One comparison per model of the run, in the run's model order. */
export const compareWithBaseline = async (
  baseline: ComparisonSide,
  runId: string,
  store: RunStore,
  gate: GateOptions,
): Promise<Comparison[]> => {
  const run = await openSide(runId, async () => store);
  const comparisons: Comparison[] = [];
  for (const model of run.models) comparisons.push(compareSides(baseline, await run.side(model), gate));
  return comparisons;
};
