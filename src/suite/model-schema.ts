// Zod schema of a model entry in a suite: `provider:model` as a string, or an object with connection and call settings.
import { z } from 'zod';
import { type ModelConfig, parseModelId } from '../spec/model-config.js';
import type { MutuallyAssignable } from './schema-type-check.js';

export const modelIdSchema = z
  .string()
  .superRefine((id, context) => {
    if (parseModelId(id) === undefined) {
      const hint = id.includes(':') ? '"openai:gpt-4o-mini"' : `"openai:${id}"`;
      context.addIssue({
        code: 'custom',
        message: `invalid model id "${id}"; write provider:model, e.g. ${hint}`,
      });
    }
  })
  .meta({
    description: '`provider:model`, e.g. `openai:gpt-4o-mini` or `function:./baseline.js`.',
    pattern: '^[^:]+:.+$',
  });

export const priceSchema = z
  .strictObject({
    input: z.number().min(0).describe('USD per 1M input tokens.'),
    output: z.number().min(0).describe('USD per 1M output tokens.'),
    cachedInput: z
      .number()
      .min(0)
      .optional()
      .describe('USD per 1M cached input tokens; defaults to `input`.'),
    cacheWrite: z
      .number()
      .min(0)
      .optional()
      .describe('USD per 1M tokens written to a prompt cache; defaults to `input`.'),
  })
  .describe('Price in USD per 1M tokens; overrides the built-in price table.');

const modelOptionsSchema = z
  .strictObject({
    temperature: z.number().min(0).optional(),
    maxTokens: z.int().min(1).optional(),
    topP: z.number().min(0).max(1).optional(),
    stop: z.array(z.string()).optional(),
    seed: z.int().optional(),
    stream: z.boolean().optional().describe('Stream the response (measures time to first token).'),
    responseFormat: z.enum(['text', 'json']).optional(),
    timeoutMs: z.int().min(1).optional().describe('Per-call timeout in milliseconds (default 60000).'),
    maxRetries: z.int().min(0).optional().describe('Retries after the first attempt (default 4).'),
    concurrency: z
      .int()
      .min(1)
      .optional()
      .describe("Most calls to this model in flight (default: the suite's)."),
  })
  .describe('Call settings for this model.');

export const modelObjectSchema = z
  .strictObject({
    id: modelIdSchema,
    label: z.string().min(1).optional().describe('A display name for reports; defaults to `id`.'),
    baseUrl: z
      .string()
      .min(1)
      .optional()
      .describe('Base URL of an OpenAI-compatible server, e.g. a local one.'),
    apiKeyEnv: z
      .string()
      .min(1)
      .optional()
      .describe('Name of the environment variable holding the API key (never the key).'),
    headers: z
      .record(z.string(), z.string())
      .optional()
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal syntax users write
      .describe('Extra HTTP headers; values may reference env vars as `${env:NAME}`.'),
    price: priceSchema.optional(),
    options: modelOptionsSchema.optional(),
  })
  .describe('A model with connection and call settings.');

/** A model as written in a suite; strings become `{ id }`. */
export const modelSchema = z
  .union([modelIdSchema, modelObjectSchema])
  .transform((model): ModelConfig => (typeof model === 'string' ? { id: model } : model))
  .meta({ id: 'Model', description: 'A model: `provider:model` or an object with `id` and settings.' });

const modelConfigMatches: MutuallyAssignable<z.output<typeof modelObjectSchema>, ModelConfig> = true;
void modelConfigMatches;
