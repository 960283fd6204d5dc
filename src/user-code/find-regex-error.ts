// Whether a user's pattern is a valid JavaScript regex: parsing takes time linear in its length and never runs
// it, so the suite loader can check every pattern at load; only matching can run away (see user-code-pool.ts).

/** The parser's message when `pattern` with `flags` is not a valid regex, else undefined. */
export const findRegexError = (pattern: string, flags = ''): string | undefined => {
  try {
    new RegExp(pattern, flags);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};
