// Validates against a JSON Schema that has regex patterns (`pattern`, `patternProperties`) on a check thread:
// ajv runs those patterns with the JavaScript engine, which can backtrack for ever, so such a schema gets the
// same deadline as a `javascript` check. Same ajv, same options and formats as compile-json-schema.ts.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { ErrorObject } from 'ajv';
import { limits } from '../spec/limits.js';
import { defineUserCode, type UserCode } from '../user-code/user-code-protocol.js';
import { checkThreads } from './check-threads.js';

const require = createRequire(import.meta.url);
const urlOf = (specifier: string): string => pathToFileURL(require.resolve(specifier)).href;

// Runs on the thread; validators are kept there by schema, so a schema is compiled once per thread.
const body = `
const cache = (globalThis.__yardstickSchemas ??= { validators: new Map(), compilers: {} });
let validate = cache.validators.get(key);
if (validate === undefined) {
  const draft2020 = typeof schema.$schema === 'string' && schema.$schema.includes('2020-12');
  let compiler = cache.compilers[draft2020 ? '2020' : '07'];
  if (compiler === undefined) {
    const Ajv = (await import(draft2020 ? urls.ajv2020 : urls.ajv)).default;
    const addFormats = (await import(urls.formats)).default;
    compiler = addFormats(new Ajv({ allErrors: true, strict: false }));
    cache.compilers[draft2020 ? '2020' : '07'] = compiler;
  }
  validate = compiler.compile(schema);
  cache.validators.set(key, validate);
}
return validate(value) ? null : (validate.errors ?? []);
`;

let code: UserCode | undefined;
let urls: Record<string, string> | undefined;

/** Whether ajv would run a regex of the user's when validating against `schema`. */
export const hasPatterns = (schemaJson: string): boolean =>
  schemaJson.includes('"pattern"') || schemaJson.includes('"patternProperties"');

/** ajv's errors for `value`, or null when it is valid; rejects with a UserCodeFailure past the deadline. */
export const validateOnThread = async (
  schema: Record<string, unknown>,
  schemaJson: string,
  value: unknown,
  signal: AbortSignal | undefined,
): Promise<ErrorObject[] | null> => {
  urls ??= { ajv: urlOf('ajv'), ajv2020: urlOf('ajv/dist/2020.js'), formats: urlOf('ajv-formats') };
  code ??= defineUserCode({ kind: 'inline', parameters: ['urls', 'key', 'schema', 'value'], body });
  const errors = await checkThreads().run(code, [urls, schemaJson, schema, value], {
    timeoutMs: limits.checkTimeoutMs,
    ...(signal ? { signal } : {}),
  });
  return errors as ErrorObject[] | null;
};
