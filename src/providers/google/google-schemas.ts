// Zod schemas of Gemini API (v1beta) responses, stream chunks and errors; lenient so new fields pass through.
import { z } from 'zod';

export const googleUsageSchema = z
  .looseObject({
    promptTokenCount: z.number().nullish(),
    candidatesTokenCount: z.number().nullish(),
    cachedContentTokenCount: z.number().nullish(),
    thoughtsTokenCount: z.number().nullish(),
    toolUsePromptTokenCount: z.number().nullish(),
    totalTokenCount: z.number().nullish(),
  })
  .nullish();

export type GoogleUsage = z.output<typeof googleUsageSchema>;

const partSchema = z.looseObject({
  text: z.string().nullish(),
  /** A thought summary, not part of the answer. */
  thought: z.boolean().nullish(),
  functionCall: z
    .looseObject({ id: z.string().nullish(), name: z.string(), args: z.unknown().optional() })
    .nullish(),
});

export type GooglePart = z.output<typeof partSchema>;

/** One `GenerateContentResponse`: the whole answer, or one chunk of a stream. */
export const googleResponseSchema = z.looseObject({
  candidates: z
    .array(
      z.looseObject({
        content: z.looseObject({ parts: z.array(partSchema).nullish() }).nullish(),
        finishReason: z.string().nullish(),
      }),
    )
    .nullish(),
  promptFeedback: z.looseObject({ blockReason: z.string().nullish() }).nullish(),
  usageMetadata: googleUsageSchema,
  modelVersion: z.string().nullish(),
  responseId: z.string().nullish(),
});

export type GoogleResponse = z.output<typeof googleResponseSchema>;

/** Google's error body: `{error: {code, message, status, details}}`, as an answer or inside a stream. */
export const googleErrorSchema = z.looseObject({
  error: z.looseObject({
    code: z.number().nullish(),
    message: z.string(),
    status: z.string().nullish(),
    details: z.array(z.unknown()).nullish(),
  }),
});

export type GoogleError = z.output<typeof googleErrorSchema>['error'];

export const googleEmbeddingsSchema = z.looseObject({
  embeddings: z.array(z.looseObject({ values: z.array(z.number()) })),
});
