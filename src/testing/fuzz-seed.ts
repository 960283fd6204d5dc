// The seed of a fuzz test: YARDSTICK_FUZZ_SEED when set (to replay a failure); in CI a fixed one, so that a red
// build always means a change broke something and never that a new seed was drawn; on a developer's machine a
// new one each run, so the fuzz keeps exploring.
export const fuzzSeed = (fixed: number): number => {
  const given = process.env.YARDSTICK_FUZZ_SEED;
  if (given !== undefined && given !== '') return Number(given);
  if (process.env.CI === 'true') return fixed;
  return Date.now() % 2 ** 31;
};
