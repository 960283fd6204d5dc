// Compiles the JSON Schemas users write (draft-07, or 2020-12 when `$schema` says so) with ajv, once per schema.
// ajv and its formats cost about 7 MB, so they are required on the first schema, not at startup; synchronously,
// so the suite loader can check every schema at load with the same compiler the `json-schema` check uses.
import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';

const require = createRequire(import.meta.url);
const options = { allErrors: true, strict: false } as const;

let draft07: Ajv | undefined;
let draft2020: Ajv2020 | undefined;
/** Compiled validators by schema JSON: a suite reuses one schema across many cases and models. */
const compiled = new Map<string, ValidateFunction>();

type AddFormats = <T>(ajv: T) => T;
const addFormats = (): AddFormats => (require('ajv-formats') as { default: AddFormats }).default;

const compilerFor = (schema: Record<string, unknown>): Ajv | Ajv2020 => {
  if (typeof schema.$schema === 'string' && schema.$schema.includes('2020-12')) {
    const { Ajv2020: Draft2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    draft2020 ??= addFormats()(new Draft2020(options));
    return draft2020;
  }
  const { Ajv: Draft07 } = require('ajv') as typeof import('ajv');
  draft07 ??= addFormats()(new Draft07(options));
  return draft07;
};

/** The validator for `schema`; throws ajv's error when the schema itself is invalid. */
export const compileJsonSchema = (schema: Record<string, unknown>): ValidateFunction => {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (validate === undefined) {
    validate = compilerFor(schema).compile(schema);
    compiled.set(key, validate);
  }
  return validate;
};

/** ajv's message when `schema` is not a valid JSON Schema, else undefined. */
export const findJsonSchemaError = (schema: Record<string, unknown>): string | undefined => {
  try {
    compileJsonSchema(schema);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};
