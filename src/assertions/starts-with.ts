// `starts-with`: the output begins with a prefix (leading whitespace is ignored).
import type { AssertionConfig } from '../spec/assertion.js';
import type { SyncAssertionHandler } from './assertion-context.js';
import { quoteExcerpt } from './quote-excerpt.js';
import { toComparable } from './to-comparable.js';

export const startsWith: SyncAssertionHandler<Extract<AssertionConfig, { type: 'starts-with' }>> = (
  config,
  context,
) => {
  const output = context.output.trimStart();
  const pass = toComparable(output, config.ignoreCase).startsWith(
    toComparable(config.value, config.ignoreCase),
  );
  if (pass) return { pass, score: 1, reason: `starts with ${JSON.stringify(config.value)}` };
  const got = quoteExcerpt(output, Math.max(config.value.length, 20));
  return {
    pass,
    score: 0,
    reason: `expected output to start with ${JSON.stringify(config.value)}; got ${got}`,
  };
};
