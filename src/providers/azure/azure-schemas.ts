// Zod schema of Azure OpenAI's error body; answers themselves are Chat Completions, read by the OpenAI adapter.
import { z } from 'zod';

export const azureErrorSchema = z.looseObject({
  error: z.looseObject({
    code: z.string().nullish(),
    message: z.string().nullish(),
    param: z.string().nullish(),
    innererror: z
      .looseObject({
        code: z.string().nullish(),
        content_filter_result: z.record(z.string(), z.unknown()).nullish(),
      })
      .nullish(),
  }),
});
