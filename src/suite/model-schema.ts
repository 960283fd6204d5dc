// Zod schema of a model entry in a suite: `provider:model` as a string, or an object with connection and call settings.
import { z } from 'zod';
import { limits } from '../spec/limits.js';
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
    timeoutMs: z
      .int()
      .min(1)
      .max(limits.maxTimeoutMs)
      .optional()
      .describe('Per-call timeout in milliseconds (default 60000).'),
    maxRetries: z
      .int()
      .min(0)
      .max(limits.maxRetries)
      .optional()
      .describe('Retries after the first attempt (default 4).'),
    concurrency: z
      .int()
      .min(1)
      .max(limits.maxConcurrency)
      .optional()
      .describe("Most calls to this model in flight (default: the suite's)."),
  })
  .describe('Call settings for this model.');

/** RFC 9110 token characters: what the HTTP client (undici, as node:http) accepts in a header name. */
const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What the HTTP client refuses in a header value: CR and LF would split the request, other controls are invalid. */
const invalidHeaderValue = /[^\t\x20-\x7e\x80-\xff]/;

/** An http(s) URL: anything else (`file://`, a typo) is a mistake in the suite, not a network error to retry. */
export const baseUrlSchema = z
  .string()
  .min(1)
  .superRefine((text, context) => {
    const url = URL.canParse(text) ? new URL(text) : undefined;
    if (url === undefined) {
      context.addIssue({
        code: 'custom',
        message: `"${text}" is not a URL; write e.g. http://127.0.0.1:8000/v1`,
      });
    } else if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      context.addIssue({
        code: 'custom',
        message: `${url.protocol} URLs are not supported; a model server is reached over http:// or https://`,
      });
    }
  });

// Headers about the connection itself, which the HTTP client sets (or, for `expect`, does not support): sent
// from a config they would fail every call, so they are refused where they are written.
const connectionHeaders = new Map([
  ['keep-alive', 'the client keeps connections alive itself'],
  ['transfer-encoding', 'the client frames the body itself'],
  ['upgrade', 'a model call is plain HTTP'],
  ['expect', 'the client sends the body without waiting for 100-continue'],
  ['content-length', 'the client counts the body itself'],
]);

/** Extra HTTP headers sent to a model server: names and values HTTP allows, none the client must set itself. */
export const headersSchema = z.record(z.string(), z.string()).superRefine((headers, context) => {
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    const connection =
      lower === 'connection' && !/^\s*(close|keep-alive)\s*$/i.test(value)
        ? 'the client manages connections; only "close" or "keep-alive" can be asked for'
        : connectionHeaders.get(lower);
    if (connection !== undefined) {
      context.addIssue({
        code: 'custom',
        path: [name],
        message: `header ${JSON.stringify(name)} cannot be set here: ${connection}; remove it`,
      });
    } else if (!headerName.test(name)) {
      const message = `header name ${JSON.stringify(name)} has a character HTTP does not allow in a name`;
      context.addIssue({
        code: 'custom',
        path: [name],
        message: `${message}; use letters, digits and - only`,
      });
    } else if (invalidHeaderValue.test(value)) {
      const message = 'the value has a line break or control character, which HTTP does not allow';
      context.addIssue({ code: 'custom', path: [name], message: `${message}; remove it` });
    }
  }
});

export const modelObjectSchema = z
  .strictObject({
    id: modelIdSchema,
    label: z.string().min(1).optional().describe('A display name for reports; defaults to `id`.'),
    baseUrl: baseUrlSchema.optional().describe('Base URL of an OpenAI-compatible server, e.g. a local one.'),
    apiKeyEnv: z
      .string()
      .min(1)
      .optional()
      .describe('Name of the environment variable holding the API key (never the key).'),
    headers: headersSchema
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
