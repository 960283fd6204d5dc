// `regex`: the output matches a regular expression. The match runs on a worker thread with a time budget, so a
// pattern that backtracks catastrophically (`^(a+)+$`) fails its own check instead of freezing the run.
import type { AssertionConfig } from '../spec/assertion.js';
import { YardstickError } from '../spec/errors.js';
import { limits } from '../spec/limits.js';
import { defineUserCode, type UserCode, UserCodeFailure } from '../user-code/user-code-protocol.js';
import type { AssertionHandler } from './assertion-context.js';
import { checkThreads } from './check-threads.js';

interface CompiledRegex {
  code: UserCode;
  /** `/pattern/flags` as a RegExp prints itself. */
  shown: string;
}

const compiled = new Map<string, CompiledRegex>();

const compile = (pattern: string, flags: string): CompiledRegex => {
  const key = `${flags}/${pattern}`;
  let found = compiled.get(key);
  if (found === undefined) {
    let shown: string;
    try {
      // parsing a pattern takes time linear in its length; only matching can run away
      shown = String(new RegExp(pattern, flags));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new YardstickError('E_SUITE_INVALID', `invalid regex /${pattern}/${flags}: ${message}`, {
        cause: error,
      });
    }
    found = { code: defineUserCode({ kind: 'regex', pattern, flags }), shown };
    compiled.set(key, found);
  }
  return found;
};

export const regex: AssertionHandler<Extract<AssertionConfig, { type: 'regex' }>> = async (
  config,
  context,
) => {
  const { code, shown } = compile(config.value, config.flags ?? '');
  let matched: unknown;
  try {
    matched = await checkThreads().run(code, [context.output], {
      timeoutMs: limits.regexTimeoutMs,
      ...(context.abortSignal ? { signal: context.abortSignal } : {}),
    });
  } catch (error) {
    if (error instanceof UserCodeFailure && error.kind === 'timeout') {
      throw new YardstickError(
        'E_USER_CODE',
        `regex ${shown} took longer than its ${limits.regexTimeoutMs} ms budget on this output (catastrophic backtracking?); simplify the pattern, e.g. (a+)+ to a+`,
      );
    }
    if (error instanceof UserCodeFailure && error.kind === 'aborted') {
      throw new YardstickError('E_ABORTED', 'the check was aborted');
    }
    throw new YardstickError(
      'E_USER_CODE',
      `regex ${shown} could not run: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const pass = matched === true;
  return { pass, score: pass ? 1 : 0, reason: `${pass ? 'matches' : 'expected output to match'} ${shown}` };
};
