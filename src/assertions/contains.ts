// `contains`: the output holds a substring.
import type { AssertionConfig } from '../spec/assertion.js';
import type { SyncAssertionHandler } from './assertion-context.js';
import { toComparable } from './to-comparable.js';

export const contains: SyncAssertionHandler<Extract<AssertionConfig, { type: 'contains' }>> = (
  config,
  context,
) => {
  const pass = toComparable(context.output, config.ignoreCase).includes(
    toComparable(config.value, config.ignoreCase),
  );
  const verb = pass ? 'contains' : 'expected output to contain';
  return { pass, score: pass ? 1 : 0, reason: `${verb} ${JSON.stringify(config.value)}` };
};
