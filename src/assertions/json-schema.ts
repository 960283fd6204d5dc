// `json-schema`: the output parses as JSON and validates against a schema (draft-07, or 2020-12 when `$schema` says so).
// A schema with regex patterns is checked on a check thread under a deadline (see validate-on-thread.ts).
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { AssertionConfig } from '../spec/assertion.js';
import { YardstickError } from '../spec/errors.js';
import { limits } from '../spec/limits.js';
import { compileJsonSchema } from '../user-code/compile-json-schema.js';
import { UserCodeFailure } from '../user-code/user-code-protocol.js';
import type { AssertionHandler } from './assertion-context.js';
import { hasCodeFence, parseJson } from './parse-json.js';
import { hasPatterns, validateOnThread } from './validate-on-thread.js';

const maxErrorsShown = 5;

const compile = (schema: Record<string, unknown>): ValidateFunction => {
  try {
    return compileJsonSchema(schema);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new YardstickError('E_SUITE_INVALID', `invalid JSON Schema: ${message}`, { cause: error });
  }
};

const describeErrors = (errors: ErrorObject[]): string => {
  const shown = errors
    .slice(0, maxErrorsShown)
    .map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
  const more = errors.length > maxErrorsShown ? `; and ${errors.length - maxErrorsShown} more` : '';
  return `output does not match the schema: ${shown.join('; ')}${more}`;
};

/** Schema JSON by schema object: the same config object comes back for every case. */
const schemaJsons = new WeakMap<Record<string, unknown>, string>();

const checkOnThread = async (
  schema: Record<string, unknown>,
  schemaJson: string,
  value: unknown,
  signal: AbortSignal | undefined,
): Promise<ErrorObject[] | null> => {
  try {
    return await validateOnThread(schema, schemaJson, value, signal);
  } catch (error) {
    if (error instanceof UserCodeFailure && error.kind === 'aborted') {
      throw new YardstickError('E_ABORTED', 'the check was aborted');
    }
    const why =
      error instanceof UserCodeFailure && error.kind === 'timeout'
        ? `validating took longer than ${limits.checkTimeoutMs} ms; a \`pattern\` in the schema may backtrack catastrophically, simplify it`
        : `validating failed: ${error instanceof Error ? error.message : String(error)}`;
    throw new YardstickError('E_USER_CODE', `json-schema: ${why}`);
  }
};

export const jsonSchema: AssertionHandler<Extract<AssertionConfig, { type: 'json-schema' }>> = async (
  config,
  context,
) => {
  const validate = compile(config.value);
  const parsed = parseJson(context.output);
  if (!parsed.ok) {
    const fence = hasCodeFence(context.output) ? ' (output is wrapped in a ``` fence)' : '';
    return { pass: false, score: 0, reason: `output is not valid JSON: ${parsed.error}${fence}` };
  }
  let schemaJson = schemaJsons.get(config.value);
  if (schemaJson === undefined) {
    schemaJson = JSON.stringify(config.value);
    schemaJsons.set(config.value, schemaJson);
  }
  // the schema's own regexes run where a runaway one can be stopped; the rest is checked here, at once
  const errors = hasPatterns(schemaJson)
    ? await checkOnThread(config.value, schemaJson, parsed.value, context.abortSignal)
    : validate(parsed.value)
      ? null
      : (validate.errors ?? []);
  if (errors === null) return { pass: true, score: 1, reason: 'output matches the JSON Schema' };
  return { pass: false, score: 0, reason: describeErrors(errors) };
};
