// `--repeat auto`: repeat a case only while its outcome is uncertain, in rounds, up to a maximum. The rule that
// decides a case is `isCaseDecided` in stats/, which the scorecard's estimate reads too.

/** Counts the passes of one case over its repeats before `round`, from the results known so far. */
export const tallyBefore = (
  round: number,
  outcomeOf: (repeat: number) => boolean | undefined,
): { passed: number; runs: number } => {
  let passed = 0;
  let runs = 0;
  for (let repeat = 0; repeat < round; repeat += 1) {
    const pass = outcomeOf(repeat);
    if (pass === undefined) continue;
    runs += 1;
    if (pass) passed += 1;
  }
  return { passed, runs };
};
