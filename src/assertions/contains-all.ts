// `contains-all`: the output holds every one of several substrings.
import type { AssertionConfig } from '../spec/assertion.js';
import type { SyncAssertionHandler } from './assertion-context.js';
import { toComparable } from './to-comparable.js';

export const containsAll: SyncAssertionHandler<Extract<AssertionConfig, { type: 'contains-all' }>> = (
  config,
  context,
) => {
  const output = toComparable(context.output, config.ignoreCase);
  const missing = config.value.filter((value) => !output.includes(toComparable(value, config.ignoreCase)));
  if (missing.length === 0)
    return { pass: true, score: 1, reason: `contains all ${config.value.length} values` };
  const list = missing.map((value) => JSON.stringify(value)).join(', ');
  return { pass: false, score: 0, reason: `expected output to contain ${list}` };
};
