// Zod schemas of Bedrock Converse answers and ConverseStream event payloads; lenient so new fields pass through.
import { z } from 'zod';

export const bedrockUsageSchema = z
  .looseObject({
    inputTokens: z.number().nullish(),
    outputTokens: z.number().nullish(),
    cacheReadInputTokens: z.number().nullish(),
    cacheWriteInputTokens: z.number().nullish(),
  })
  .nullish();

export type BedrockUsage = z.output<typeof bedrockUsageSchema>;

export const bedrockConverseSchema = z.looseObject({
  output: z.looseObject({
    message: z
      .looseObject({
        content: z.array(
          z.looseObject({
            text: z.string().nullish(),
            toolUse: z
              .looseObject({ toolUseId: z.string(), name: z.string(), input: z.unknown().optional() })
              .nullish(),
          }),
        ),
      })
      .nullish(),
  }),
  stopReason: z.string().nullish(),
  usage: bedrockUsageSchema,
});

/** The payload of each `:event-type`; the SDK pads events with a random `p` field, which is ignored. */
export const bedrockStreamEventSchemas = {
  messageStart: z.looseObject({ role: z.string().nullish() }),
  contentBlockStart: z.looseObject({
    contentBlockIndex: z.number(),
    start: z
      .looseObject({ toolUse: z.looseObject({ toolUseId: z.string(), name: z.string() }).nullish() })
      .nullish(),
  }),
  contentBlockDelta: z.looseObject({
    contentBlockIndex: z.number(),
    delta: z.looseObject({
      text: z.string().nullish(),
      toolUse: z.looseObject({ input: z.string().nullish() }).nullish(),
    }),
  }),
  contentBlockStop: z.looseObject({ contentBlockIndex: z.number() }),
  messageStop: z.looseObject({ stopReason: z.string().nullish() }),
  metadata: z.looseObject({ usage: bedrockUsageSchema }),
};

export const bedrockExceptionSchema = z.looseObject({
  message: z.string().nullish(),
  Message: z.string().nullish(),
});
