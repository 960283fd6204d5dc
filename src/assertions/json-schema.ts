// `json-schema`: the output parses as JSON and validates against a schema (draft-07, or 2020-12 when `$schema` says so).
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { AssertionConfig } from '../spec/assertion.js';
import { YardstickError } from '../spec/errors.js';
import { compileJsonSchema } from '../user-code/compile-json-schema.js';
import type { SyncAssertionHandler } from './assertion-context.js';
import { hasCodeFence, parseJson } from './parse-json.js';

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

export const jsonSchema: SyncAssertionHandler<Extract<AssertionConfig, { type: 'json-schema' }>> = (
  config,
  context,
) => {
  const validate = compile(config.value);
  const parsed = parseJson(context.output);
  if (!parsed.ok) {
    const fence = hasCodeFence(context.output) ? ' (output is wrapped in a ``` fence)' : '';
    return { pass: false, score: 0, reason: `output is not valid JSON: ${parsed.error}${fence}` };
  }
  if (validate(parsed.value)) return { pass: true, score: 1, reason: 'output matches the JSON Schema' };
  return { pass: false, score: 0, reason: describeErrors(validate.errors ?? []) };
};
