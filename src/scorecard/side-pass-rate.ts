// The pass rate of one side of a comparison, as the summary counts it: the mean over cases of each case's score.
import { caseEstimate } from './case-estimate.js';
import type { ComparisonSide } from './comparison-side.js';

/** Mean over (prompt, case) of the case's score (case-estimate.ts); 0 with no outcome. */
export const sidePassRate = (side: ComparisonSide): number => {
  const tallies = new Map<string, { passed: number; runs: number }>();
  for (const outcome of side.outcomes) {
    const key = `${outcome.prompt}\u0000${outcome.caseId}`;
    const tally = tallies.get(key) ?? { passed: 0, runs: 0 };
    tally.runs += 1;
    if (outcome.pass) tally.passed += 1;
    tallies.set(key, tally);
  }
  if (tallies.size === 0) return 0;
  let sum = 0;
  for (const { passed, runs } of tallies.values()) sum += caseEstimate(passed, runs, side.autoRepeat);
  return sum / tallies.size;
};
