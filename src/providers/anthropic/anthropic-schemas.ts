// Zod schemas of Messages API responses and stream events; lenient so new fields and block types pass through.
import { z } from 'zod';

export const anthropicUsageSchema = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
});

export type AnthropicUsage = z.output<typeof anthropicUsageSchema>;

export const anthropicMessageSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  content: z.array(
    z.looseObject({
      type: z.string(),
      text: z.string().nullish(),
      id: z.string().nullish(),
      name: z.string().nullish(),
      input: z.unknown().optional(),
    }),
  ),
  stop_reason: z.string().nullish(),
  usage: anthropicUsageSchema.nullish(),
});

export const anthropicStreamEventSchema = z.looseObject({
  type: z.string(),
  message: z
    .looseObject({
      id: z.string().nullish(),
      model: z.string().nullish(),
      usage: anthropicUsageSchema.nullish(),
    })
    .nullish(),
  index: z.number().nullish(),
  content_block: z
    .looseObject({ type: z.string(), id: z.string().nullish(), name: z.string().nullish() })
    .nullish(),
  delta: z
    .looseObject({
      type: z.string().nullish(),
      text: z.string().nullish(),
      partial_json: z.string().nullish(),
      stop_reason: z.string().nullish(),
    })
    .nullish(),
  usage: anthropicUsageSchema.nullish(),
  error: z.looseObject({ type: z.string().nullish(), message: z.string() }).nullish(),
});

export const anthropicTokenCountSchema = z.looseObject({ input_tokens: z.number() });
