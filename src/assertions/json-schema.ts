// `json-schema`: the output parses as JSON and validates against a schema (draft-07, or 2020-12 when `$schema` says so).
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { AssertionConfig } from '../spec/assertion.js';
import { YardstickError } from '../spec/errors.js';
import type { SyncAssertionHandler } from './assertion-context.js';
import { hasCodeFence, parseJson } from './parse-json.js';

const maxErrorsShown = 5;
const options = { allErrors: true, strict: false } as const;
let draft07: Ajv | undefined;
let draft2020: Ajv2020 | undefined;
/** Compiled validators by schema JSON: a suite reuses one schema across many cases and models. */
const compiled = new Map<string, ValidateFunction>();

const validatorFor = (schema: Record<string, unknown>): Ajv | Ajv2020 => {
  // ajv-formats is CommonJS; under NodeNext its callable lives on `.default`.
  if (typeof schema.$schema === 'string' && schema.$schema.includes('2020-12')) {
    draft2020 ??= addFormats.default(new Ajv2020(options)) as Ajv2020;
    return draft2020;
  }
  draft07 ??= addFormats.default(new Ajv(options)) as Ajv;
  return draft07;
};

const compile = (schema: Record<string, unknown>): ValidateFunction => {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (validate === undefined) {
    try {
      validate = validatorFor(schema).compile(schema);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new YardstickError('E_SUITE_INVALID', `invalid JSON Schema: ${message}`, { cause: error });
    }
    compiled.set(key, validate);
  }
  return validate;
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
