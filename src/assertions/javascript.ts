// `javascript`: the user's own check, inline (`value`: an expression, or a function body when it has `return`)
// or a module (`file`, relative to the suite) whose default export is `(output, context) => result`.
// Results may be async; see to-javascript-result.ts for what a result may be.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AssertionConfig } from '../spec/assertion.js';
import { YardstickError } from '../spec/errors.js';
import type { AssertionContext, AssertionHandler } from './assertion-context.js';
import { quoteExcerpt } from './quote-excerpt.js';
import { toJavascriptResult } from './to-javascript-result.js';

type UserCheck = (output: string, context: Record<string, unknown>) => unknown;
type FunctionConstructor = new (...parameters: string[]) => UserCheck;

// An async function body lets inline checks use `await` as well as return plain values.
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as FunctionConstructor;

/** Compiled inline checks by source: the same check runs once per case and model. */
const compiled = new Map<string, UserCheck>();

const compileInline = (code: string): UserCheck => {
  let check = compiled.get(code);
  if (check === undefined) {
    const body = /\breturn\b/.test(code) ? code : `return (\n${code}\n);`;
    try {
      check = new AsyncFunction('output', 'context', body);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new YardstickError('E_SUITE_INVALID', `javascript does not compile: ${message}`, {
        cause: error,
      });
    }
    compiled.set(code, check);
  }
  return check;
};

const importCheck = async (file: string, baseDir: string): Promise<UserCheck> => {
  const module: unknown = await import(pathToFileURL(resolve(baseDir, file)).href);
  const check =
    typeof module === 'object' && module !== null ? (module as { default?: unknown }).default : undefined;
  if (typeof check !== 'function') {
    throw new YardstickError(
      'E_SUITE_INVALID',
      `javascript file ${file} must default-export (output, context) => result`,
    );
  }
  return check as UserCheck;
};

const toUserContext = (context: AssertionContext): Record<string, unknown> => ({
  vars: context.vars,
  toolCalls: context.toolCalls,
  latencyMs: context.latencyMs,
  costUsd: context.costUsd,
  model: context.model,
  testId: context.testId,
});

export const javascript: AssertionHandler<Extract<AssertionConfig, { type: 'javascript' }>> = async (
  config,
  context,
) => {
  let check: UserCheck;
  let source: string;
  if (config.file !== undefined) {
    check = await importCheck(config.file, context.baseDir);
    source = config.file;
  } else if (config.value !== undefined) {
    check = compileInline(config.value);
    source = quoteExcerpt(config.value.trim(), 60);
  } else {
    throw new YardstickError('E_SUITE_INVALID', 'javascript assertion needs `value` (inline code) or `file`');
  }
  let value: unknown;
  try {
    value = await check(context.output, toUserContext(context));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new YardstickError('E_USER_CODE', `javascript threw: ${message}`, { cause: error });
  }
  return toJavascriptResult(value, source);
};
