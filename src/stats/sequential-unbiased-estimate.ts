// The unbiased estimate of a success probability after a closed sequential binomial plan (Girshick, Mosteller &
// Savage 1946, "Unbiased estimates for certain binomial sampling problems with applications", Ann Math Stat
// 17:13–23). When sampling stops depending on the outcomes so far, passes/runs is biased (it is pushed towards
// the side that stopped it); for the stopping point γ = (passes, failures), k*(γ)/k(γ) is not, where k(γ)
// counts the paths from (0, 0) to γ that do not stop earlier and k*(γ) those of them that start with a pass.

/** A closed plan: it may stop at (passed, runs) by its rule, and always stops at `maxRuns`. */
export interface SequentialPlan {
  stops(passed: number, runs: number): boolean;
  maxRuns: number;
}

/**
 * The estimator of a plan: for each point where the plan can stop, the unbiased estimate; `undefined` for a
 * point where it never stops (a case cut short by an interrupted run). The path counts are built once, one
 * diagonal (runs) at a time over the points still running, each diagonal rescaled so that large `maxRuns` do
 * not overflow; the ratio k* / k is unchanged by the rescaling.
 * @example unbiasedEstimator({ stops: (s, t) => t === 2 && s === 2, maxRuns: 3 })(2, 3) // 1/2, where passes/runs says 2/3
 */
export const unbiasedEstimator = (
  plan: SequentialPlan,
): ((passed: number, runs: number) => number | undefined) => {
  const { maxRuns } = plan;
  if (!(Number.isInteger(maxRuns) && maxRuns >= 1)) {
    throw new RangeError(`unbiasedEstimator: maxRuns must be a whole number >= 1, got ${maxRuns}`);
  }
  const stopsAt = (passed: number, runs: number): boolean =>
    runs === maxRuns || (runs > 0 && plan.stops(passed, runs));
  const estimates = new Map<number, number>();
  const keyOf = (passed: number, runs: number): number => runs * (maxRuns + 1) + passed;
  // paths[s] and pathsFromPass[s]: k and k* at (s passes, runs − s failures), for the current diagonal
  let paths = new Float64Array(maxRuns + 2);
  let pathsFromPass = new Float64Array(maxRuns + 2);
  let next = new Float64Array(maxRuns + 2);
  let nextFromPass = new Float64Array(maxRuns + 2);
  paths[0] = 1;
  let lowest = 0;
  let highest = 0;
  for (let runs = 0; runs < maxRuns; runs++) {
    next.fill(0, lowest, highest + 2);
    nextFromPass.fill(0, lowest, highest + 2);
    for (let passed = lowest; passed <= highest; passed++) {
      const count = paths[passed] ?? 0;
      if (count === 0 || stopsAt(passed, runs)) continue;
      next[passed + 1] = (next[passed + 1] ?? 0) + count;
      next[passed] = (next[passed] ?? 0) + count;
      // the first step from the origin decides whether a path starts with a pass
      const fromPass = runs === 0 ? 0 : (pathsFromPass[passed] ?? 0);
      nextFromPass[passed + 1] = (nextFromPass[passed + 1] ?? 0) + (runs === 0 ? count : fromPass);
      nextFromPass[passed] = (nextFromPass[passed] ?? 0) + fromPass;
    }
    [paths, next] = [next, paths];
    [pathsFromPass, nextFromPass] = [nextFromPass, pathsFromPass];
    let scale = 0;
    let newLowest = Number.POSITIVE_INFINITY;
    let newHighest = -1;
    for (let passed = lowest; passed <= highest + 1; passed++) {
      const count = paths[passed] ?? 0;
      if (count === 0) continue;
      scale = Math.max(scale, count);
      newLowest = Math.min(newLowest, passed);
      newHighest = passed;
      if (stopsAt(passed, runs + 1))
        estimates.set(keyOf(passed, runs + 1), (pathsFromPass[passed] ?? 0) / count);
    }
    if (newHighest < 0) break;
    for (let passed = newLowest; passed <= newHighest; passed++) {
      paths[passed] = (paths[passed] ?? 0) / scale;
      pathsFromPass[passed] = (pathsFromPass[passed] ?? 0) / scale;
    }
    lowest = newLowest;
    highest = newHighest;
  }
  return (passed, runs) => estimates.get(keyOf(passed, runs));
};
