// `regex`: the output matches a regular expression.
import type { AssertionConfig } from '../spec/assertion.js';
import { YardstickError } from '../spec/errors.js';
import type { SyncAssertionHandler } from './assertion-context.js';

export const regex: SyncAssertionHandler<Extract<AssertionConfig, { type: 'regex' }>> = (config, context) => {
  let pattern: RegExp;
  try {
    pattern = new RegExp(config.value, config.flags);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new YardstickError(
      'E_SUITE_INVALID',
      `invalid regex /${config.value}/${config.flags ?? ''}: ${message}`,
      {
        cause: error,
      },
    );
  }
  const pass = pattern.test(context.output);
  return { pass, score: pass ? 1 : 0, reason: `${pass ? 'matches' : 'expected output to match'} ${pattern}` };
};
