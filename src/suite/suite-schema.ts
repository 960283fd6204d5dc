// Zod schema of a suite file as written (YAML or JSON); `load-suite.ts` normalises and expands what it accepts.
import { z } from 'zod';
import { limits } from '../spec/limits.js';
import { assertionSchema } from './assertion-schema.js';
import { modelSchema } from './model-schema.js';
import { messageSchema, promptSchema, toolSchema } from './prompt-schema.js';

const varsSchema = z.record(z.string(), z.unknown()).describe('Values for the `{{ var }}` placeholders.');
const thresholdSchema = z
  .number()
  .min(0)
  .max(1)
  .describe('The case passes when its weighted score reaches this; by default every assertion must pass.');

/** One test written inline; also the shape of a full entry in a JSONL, JSON or YAML test file. */
export const testEntrySchema = z
  .strictObject({
    id: z.string().min(1).optional().describe('A stable id; derived from vars and asserts when absent.'),
    description: z.string().optional(),
    vars: varsSchema.optional(),
    messages: z
      .array(messageSchema)
      .min(1)
      .optional()
      .describe(
        "The whole conversation sent to the model, instead of the suite's prompts (whose tools still apply); sent as written, without filling `{{ var }}`. What `yardstick capture` writes.",
      ),
    assert: z.array(assertionSchema).optional(),
    threshold: thresholdSchema.optional(),
  })
  .meta({ id: 'Test', description: 'A test case.' });

export const testFileRefSchema = z
  .strictObject({
    file: z
      .string()
      .min(1)
      .describe('A CSV, JSONL, JSON or YAML file of test rows, relative to the suite file.'),
  })
  .describe('Test cases loaded from a file.');

export const suiteSchema = z
  .strictObject({
    $schema: z.string().optional().describe('The JSON Schema of this file, for editors.'),
    name: z.string().min(1).describe('The name of the suite.'),
    description: z.string().optional(),
    prompts: z.array(promptSchema).min(1).describe('Each prompt runs against every test and model.'),
    tools: z.array(toolSchema).optional().describe('Tools for every prompt that has none of its own.'),
    models: z.array(modelSchema).min(1).describe('The models to compare.'),
    judge: modelSchema.optional().describe('The model for `llm-rubric` assertions.'),
    embedding: modelSchema.optional().describe('The embedding model for `similar` assertions.'),
    defaults: z
      .strictObject({
        assert: z.array(assertionSchema).optional().describe("Appended to every test's assertions."),
        vars: varsSchema.optional().describe("Merged under every test's vars."),
        threshold: thresholdSchema.optional(),
      })
      .optional()
      .describe('Settings shared by every test.'),
    tests: z
      .array(z.union([testEntrySchema, testFileRefSchema]))
      .min(1)
      .describe('Test cases, inline or from files.'),
    repeat: z
      .union([z.int().min(1).max(limits.maxRepeat), z.literal('auto')])
      .default(1)
      .describe(
        'How many times each case runs against each model; `auto` repeats only the cases whose outcome is still uncertain, up to `maxRepeats`.',
      ),
    maxRepeats: z
      .int()
      .min(2)
      .max(limits.maxMaxRepeats)
      .default(10)
      .describe('With `repeat: auto`, the most times any case runs.'),
    concurrency: z
      .int()
      .min(1)
      .max(limits.maxConcurrency)
      .default(8)
      .describe('Most calls in flight across all models.'),
  })
  .meta({ title: 'yardstick suite', description: 'A yardstick test suite: prompts, models and tests.' });

export type SuiteFile = z.output<typeof suiteSchema>;
export type TestEntry = z.output<typeof testEntrySchema>;
