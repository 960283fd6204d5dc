// Zod schemas of Chat Completions responses and stream chunks; lenient where compatible servers differ.
import { z } from 'zod';

export const openaiUsageSchema = z
  .looseObject({
    prompt_tokens: z.number().nullish(),
    completion_tokens: z.number().nullish(),
    prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
    completion_tokens_details: z.looseObject({ reasoning_tokens: z.number().nullish() }).nullish(),
  })
  .nullish();

export type OpenAIUsage = z.output<typeof openaiUsageSchema>;

export const openaiChatResponseSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z.array(
    z.looseObject({
      message: z.looseObject({
        content: z.string().nullish(),
        tool_calls: z
          .array(
            z.looseObject({
              id: z.string().nullish(),
              function: z.looseObject({ name: z.string(), arguments: z.string().nullish() }),
            }),
          )
          .nullish(),
      }),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: openaiUsageSchema,
});

export type OpenAIChatResponse = z.output<typeof openaiChatResponseSchema>;

// The same checks as openaiChatResponseSchema, by hand, for the hot path: a zod parse copied every answer
// (looseObject keeps unknown keys by copying them). A value it accepts the schema accepts unchanged; one it
// refuses goes through the schema, whose message says where it is wrong. The test holds the two together.
type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
// an index loop, not every(): every() skips the holes of a sparse array, which the schema refuses
const everyItem = (items: unknown[], check: (item: unknown) => boolean): boolean => {
  for (let index = 0; index < items.length; index++) if (!check(items[index])) return false;
  return true;
};
const isNullish = (value: unknown): value is null | undefined => value === undefined || value === null;
const stringOrNullish = (value: unknown): boolean => isNullish(value) || typeof value === 'string';
const numberOrNullish = (value: unknown): boolean =>
  isNullish(value) || (typeof value === 'number' && Number.isFinite(value));
const tokensOrNullish = (value: unknown, field: string): boolean =>
  isNullish(value) || (isObject(value) && numberOrNullish(value[field]));

const isOpenAIUsage = (usage: unknown): boolean =>
  isNullish(usage) ||
  (isObject(usage) &&
    numberOrNullish(usage.prompt_tokens) &&
    numberOrNullish(usage.completion_tokens) &&
    tokensOrNullish(usage.prompt_tokens_details, 'cached_tokens') &&
    tokensOrNullish(usage.completion_tokens_details, 'reasoning_tokens'));

const isToolCall = (call: unknown): boolean =>
  isObject(call) &&
  stringOrNullish(call.id) &&
  isObject(call.function) &&
  typeof call.function.name === 'string' &&
  stringOrNullish(call.function.arguments);

const isChoice = (choice: unknown): boolean =>
  isObject(choice) &&
  stringOrNullish(choice.finish_reason) &&
  isObject(choice.message) &&
  stringOrNullish(choice.message.content) &&
  (isNullish(choice.message.tool_calls) ||
    (Array.isArray(choice.message.tool_calls) && everyItem(choice.message.tool_calls, isToolCall)));

export const isOpenAIChatResponse = (value: unknown): value is OpenAIChatResponse =>
  isObject(value) &&
  stringOrNullish(value.id) &&
  stringOrNullish(value.model) &&
  Array.isArray(value.choices) &&
  everyItem(value.choices, isChoice) &&
  isOpenAIUsage(value.usage);

export const openaiErrorChunkSchema = z.looseObject({
  error: z.looseObject({
    message: z.string(),
    type: z.string().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
  }),
});

export const openaiChunkSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  // vLLM sends the final usage chunk with `choices: null`; OpenAI with `[]`.
  choices: z
    .array(
      z.looseObject({
        delta: z
          .looseObject({
            content: z.string().nullish(),
            tool_calls: z
              .array(
                z.looseObject({
                  index: z.number(),
                  id: z.string().nullish(),
                  function: z
                    .looseObject({ name: z.string().nullish(), arguments: z.string().nullish() })
                    .nullish(),
                }),
              )
              .nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: openaiUsageSchema,
});

export const openaiEmbeddingResponseSchema = z.looseObject({
  data: z.array(z.looseObject({ index: z.number().optional(), embedding: z.array(z.number()) })),
  usage: z.looseObject({ prompt_tokens: z.number().nullish() }).nullish(),
});
