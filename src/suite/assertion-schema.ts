// Zod schema of assertion configs; a compile-time check keeps it equal to `AssertionConfig` in spec/assertion.ts.
import { z } from 'zod';
import type { AssertionConfig } from '../spec/assertion.js';
import { limits } from '../spec/limits.js';
import { findJsonSchemaError } from '../user-code/compile-json-schema.js';
import { findRegexError } from '../user-code/find-regex-error.js';
import { findCompileError } from '../user-code/inline-check.js';
import { modelSchema } from './model-schema.js';
import type { MutuallyAssignable } from './schema-type-check.js';

const base = {
  not: z.boolean().optional().describe('Invert the outcome: pass when the check fails.'),
  weight: z.number().min(0).optional().describe("Weight in the case's score (default 1)."),
  label: z.string().optional().describe('A name shown in reports instead of the type.'),
};
const ignoreCase = z.boolean().optional().describe('Compare without regard to case.');
const text = (description: string) => z.string().describe(description);
const phrases = z.array(z.string()).min(1).describe('The phrases to look for.');
const threshold = (description: string) => z.number().min(0).max(1).optional().describe(description);
const judgeModel = modelSchema.optional().describe('The model that judges; defaults to the suite `judge`.');

const kind = <T extends string, S extends z.ZodRawShape>(type: T, description: string, shape: S) =>
  z.strictObject({ type: z.literal(type), ...base, ...shape }).describe(description);

export const assertionSchema = z
  .discriminatedUnion('type', [
    kind('equals', 'The output equals the value (objects compare as JSON).', {
      value: z
        .json()
        .meta({ id: 'JsonValue' })
        .transform((value): unknown => value)
        .describe('The expected output; an object or array compares with the parsed JSON output.'),
      ignoreCase,
    }),
    kind('contains', 'The output contains the text.', { value: text('The text to find.'), ignoreCase }),
    kind('contains-any', 'The output contains at least one of the phrases.', { value: phrases, ignoreCase }),
    kind('contains-all', 'The output contains every phrase.', { value: phrases, ignoreCase }),
    kind('regex', 'The output matches the regular expression.', {
      value: text('A JavaScript regular expression, without slashes.'),
      flags: z
        .string()
        .regex(/^[dgimsuvy]*$/, 'flags may only contain d, g, i, m, s, u, v, y')
        .optional()
        .describe('Regular expression flags, e.g. `i`.'),
    }).superRefine((assertion, context) => {
      // checked at load, so a typo in a pattern stops the run before any model is paid for
      const error = findRegexError(assertion.value, assertion.flags);
      if (error !== undefined) {
        context.addIssue({
          code: 'custom',
          path: ['value'],
          message: `invalid regex: ${error}; fix the pattern`,
        });
      }
    }),
    kind('starts-with', 'The output starts with the text.', {
      value: text('The expected start.'),
      ignoreCase,
    }),
    kind('is-json', 'The output parses as JSON.', {}),
    kind('json-schema', 'The output is JSON valid against the schema.', {
      value: z.record(z.string(), z.unknown()).describe('A JSON Schema object.'),
    }).superRefine((assertion, context) => {
      const error = findJsonSchemaError(assertion.value);
      if (error !== undefined) {
        context.addIssue({ code: 'custom', path: ['value'], message: `invalid JSON Schema: ${error}` });
      }
    }),
    kind('tool-call', 'The model called the tool.', {
      name: z.string().min(1).describe('The tool name.'),
      arguments: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('Expected arguments; a subset unless `exact`.'),
      exact: z.boolean().optional().describe('Require the arguments to equal `arguments` exactly.'),
    }),
    kind('latency', 'The call took at most `maxMs` milliseconds.', { maxMs: z.number().positive() }),
    kind('cost', 'The call cost at most `maxUsd` US dollars.', { maxUsd: z.number().min(0) }),
    kind('javascript', 'Your own check: inline code in `value` or a module in `file`.', {
      value: z
        .string()
        .optional()
        .describe('An expression or function body receiving `output` and `context`.'),
      file: z.string().optional().describe('A module path relative to the suite file.'),
      timeoutMs: z
        .int()
        .min(1)
        .max(limits.maxTimeoutMs)
        .optional()
        .describe(`How long the check may run, in milliseconds (default ${limits.checkTimeoutMs}).`),
    }).superRefine((assertion, context) => {
      if ((assertion.value === undefined) === (assertion.file === undefined)) {
        context.addIssue({
          code: 'custom',
          message: 'give exactly one of "value" (inline code) or "file" (a module path)',
        });
        return;
      }
      const error = assertion.value === undefined ? undefined : findCompileError(assertion.value);
      if (error !== undefined) {
        context.addIssue({
          code: 'custom',
          path: ['value'],
          message: `javascript does not compile: ${error}`,
        });
      }
    }),
    kind('llm-rubric', 'A judge model grades the output against the rubric.', {
      value: text('The rubric the judge applies.'),
      provider: judgeModel,
      threshold: threshold('Lowest judge score (0..1) that passes.'),
    }),
    kind('similar', 'The output is semantically similar to the value (embedding cosine).', {
      value: text('The reference text.'),
      threshold: threshold('Lowest cosine similarity that passes (default 0.8).'),
      provider: modelSchema.optional().describe('The embedding model; defaults to the suite `embedding`.'),
    }),
  ])
  .meta({ id: 'Assertion', description: 'An assertion on the output of a model.' });

const assertionConfigMatches: MutuallyAssignable<z.output<typeof assertionSchema>, AssertionConfig> = true;
void assertionConfigMatches;
