// Case folding shared by the text assertions' `ignoreCase` option.

/** Lower-cases `text` when `ignoreCase` is set, so both sides of a comparison fold the same way. */
export const toComparable = (text: string, ignoreCase: boolean | undefined): string =>
  ignoreCase ? text.toLowerCase() : text;
