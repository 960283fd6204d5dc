// Zod schema of what the user's function may return: a string, or an object with output and optional extras.
import { z } from 'zod';
import type { CallOptions } from '../../spec/language-model.js';
import type { Message } from '../../spec/messages.js';

export const functionResultSchema = z.union([
  z.string(),
  z.looseObject({
    output: z.string(),
    toolCalls: z
      .array(
        z.looseObject({
          id: z.string().optional(),
          name: z.string(),
          /** A JSON string as a model would produce it, or an object that is serialised for you. */
          arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
        }),
      )
      .optional(),
    usage: z
      .looseObject({ inputTokens: z.number().optional(), outputTokens: z.number().optional() })
      .optional(),
    costUsd: z.number().optional(),
  }),
]);

export type FunctionResult = z.output<typeof functionResultSchema>;

/** What the user's function receives. */
export interface FunctionInput {
  messages: Message[];
  vars: Record<string, unknown>;
  /** The last user message, for functions that only need the question. */
  prompt: string;
  options: Omit<CallOptions, 'messages' | 'vars'>;
}
