// `contains-any`: the output holds at least one of several substrings.
import type { AssertionConfig } from '../spec/assertion.js';
import type { SyncAssertionHandler } from './assertion-context.js';
import { toComparable } from './to-comparable.js';

export const containsAny: SyncAssertionHandler<Extract<AssertionConfig, { type: 'contains-any' }>> = (
  config,
  context,
) => {
  const output = toComparable(context.output, config.ignoreCase);
  const found = config.value.find((value) => output.includes(toComparable(value, config.ignoreCase)));
  if (found !== undefined) return { pass: true, score: 1, reason: `contains ${JSON.stringify(found)}` };
  const wanted = config.value.map((value) => JSON.stringify(value)).join(', ');
  return { pass: false, score: 0, reason: `expected output to contain any of ${wanted}` };
};
