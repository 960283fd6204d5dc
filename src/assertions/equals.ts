// `equals`: a string value compares with the trimmed output; any other value compares with the output parsed as JSON.
import type { AssertionConfig } from '../spec/assertion.js';
import type { SyncAssertionHandler } from './assertion-context.js';
import { deepEqual } from './deep-equal.js';
import { parseJson } from './parse-json.js';
import { quoteExcerpt } from './quote-excerpt.js';
import { toComparable } from './to-comparable.js';

export const equals: SyncAssertionHandler<Extract<AssertionConfig, { type: 'equals' }>> = (
  config,
  context,
) => {
  const output = context.output.trim();
  if (typeof config.value === 'string') {
    const pass =
      toComparable(output, config.ignoreCase) === toComparable(config.value.trim(), config.ignoreCase);
    if (pass) return { pass, score: 1, reason: `equals ${quoteExcerpt(config.value)}` };
    const reason = `expected output to equal ${quoteExcerpt(config.value)}; got ${quoteExcerpt(output)}`;
    return { pass, score: 0, reason };
  }
  const expected = JSON.stringify(config.value);
  const parsed = parseJson(output);
  if (!parsed.ok) {
    return {
      pass: false,
      score: 0,
      reason: `expected JSON equal to ${expected}; output is not valid JSON: ${parsed.error}`,
    };
  }
  const pass = deepEqual(parsed.value, config.value);
  if (pass) return { pass, score: 1, reason: `equals ${expected}` };
  return { pass, score: 0, reason: `expected JSON equal to ${expected}; got ${quoteExcerpt(output, 120)}` };
};
