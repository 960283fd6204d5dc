// `javascript`: the user's own check, inline (`value`: an expression, or a function body when it has `return`)
// or a module (`file`, relative to the suite) whose default export is `(output, context) => result`.
// It runs on a worker thread under a deadline (`timeoutMs`, default 10 s): a check that hangs, loops or calls
// process.exit() fails itself, never the run. Results may be async; see to-javascript-result.ts.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AssertionConfig } from '../spec/assertion.js';
import { YardstickError } from '../spec/errors.js';
import { limits } from '../spec/limits.js';
import { checkCodeFile } from '../user-code/check-code-file.js';
import { checkParameters, findCompileError, toCheckBody } from '../user-code/inline-check.js';
import { defineUserCode, type UserCode, UserCodeFailure } from '../user-code/user-code-protocol.js';
import type { AssertionContext, AssertionHandler } from './assertion-context.js';
import { checkThreads } from './check-threads.js';
import { quoteExcerpt } from './quote-excerpt.js';
import { toJavascriptResult } from './to-javascript-result.js';

type JavascriptConfig = Extract<AssertionConfig, { type: 'javascript' }>;

/** Checks by source (inline code, or module path): the same check runs once per case and model. */
const defined = new Map<string, UserCode>();

const inlineCheck = (code: string): UserCode => {
  let check = defined.get(code);
  if (check === undefined) {
    // the suite loader already refused code that does not compile; this keeps a direct call honest too
    const error = findCompileError(code);
    if (error !== undefined)
      throw new YardstickError('E_SUITE_INVALID', `javascript does not compile: ${error}`);
    check = defineUserCode({ kind: 'inline', parameters: checkParameters, body: toCheckBody(code) });
    defined.set(code, check);
  }
  return check;
};

const fileCheck = (file: string, baseDir: string): UserCode => {
  const path = resolve(baseDir, file);
  let check = defined.get(`file:${path}`);
  if (check === undefined) {
    checkCodeFile(path, `javascript check ${file}`, 'E_SUITE_INVALID');
    check = defineUserCode({ kind: 'module', url: pathToFileURL(path).href, exports: ['default'] });
    defined.set(`file:${path}`, check);
  }
  return check;
};

const toUserContext = (context: AssertionContext): Record<string, unknown> => ({
  vars: context.vars,
  toolCalls: context.toolCalls,
  latencyMs: context.latencyMs,
  costUsd: context.costUsd,
  model: context.model,
  testId: context.testId,
});

const toCheckError = (error: unknown, source: string, timeoutMs: number): YardstickError => {
  if (!(error instanceof UserCodeFailure)) {
    return new YardstickError('E_INTERNAL', error instanceof Error ? error.message : String(error));
  }
  switch (error.kind) {
    case 'threw':
      return new YardstickError('E_USER_CODE', `javascript threw: ${error.message}`);
    case 'load':
      return new YardstickError('E_SUITE_INVALID', `javascript ${source} could not load: ${error.message}`);
    case 'no-export':
      return new YardstickError(
        'E_SUITE_INVALID',
        `javascript file ${source} must default-export (output, context) => result; ${error.message}`,
      );
    case 'timeout':
      return new YardstickError(
        'E_USER_CODE',
        `javascript check did not finish within ${timeoutMs} ms (set timeoutMs on the check for more): ${source}`,
      );
    case 'aborted':
      return new YardstickError('E_ABORTED', 'the check was aborted');
    default:
      return new YardstickError('E_USER_CODE', `javascript check failed: ${error.message}: ${source}`);
  }
};

export const javascript: AssertionHandler<JavascriptConfig> = async (config, context) => {
  let check: UserCode;
  let source: string;
  if (config.file !== undefined) {
    check = fileCheck(config.file, context.baseDir);
    source = config.file;
  } else if (config.value !== undefined) {
    check = inlineCheck(config.value);
    source = quoteExcerpt(config.value.trim(), 60);
  } else {
    throw new YardstickError('E_SUITE_INVALID', 'javascript assertion needs `value` (inline code) or `file`');
  }
  const timeoutMs = config.timeoutMs ?? limits.checkTimeoutMs;
  let value: unknown;
  try {
    value = await checkThreads().run(check, [context.output, toUserContext(context)], {
      timeoutMs,
      maxResultChars: limits.maxOutputChars,
      ...(context.abortSignal ? { signal: context.abortSignal } : {}),
    });
  } catch (error) {
    throw toCheckError(error, source, timeoutMs);
  }
  return toJavascriptResult(value, source);
};
