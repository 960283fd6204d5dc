// What a Chat Completions response or stream chunk carries beyond the common result (system_fingerprint,
// logprobs, refusal, …), kept as the extras a client on the same API gets back.
import { fieldsOutside, type ResponseExtras, type StreamExtras } from '../../spec/extra-fields.js';

const responseKeys = new Set(['id', 'object', 'created', 'model', 'choices', 'usage']);
const choiceKeys = new Set(['index', 'message', 'delta', 'finish_reason']);
const messageKeys = new Set(['role', 'content', 'tool_calls']);

type Loose = Record<string, unknown>;

/** A whole response's extras; undefined when it had none. */
export const openaiResponseExtras = (
  response: Loose,
  choice: { message: Loose } | undefined,
): ResponseExtras | undefined => {
  const top = fieldsOutside(response, responseKeys);
  const inChoice = choice ? fieldsOutside(choice, choiceKeys) : undefined;
  const inMessage = choice ? fieldsOutside(choice.message, messageKeys) : undefined;
  if (!top && !inChoice && !inMessage) return undefined;
  return { format: 'openai-chat', response: top ?? {}, choice: inChoice ?? {}, message: inMessage ?? {} };
};

/** A stream chunk's extras, null values left out; undefined when it had none. */
export const openaiChunkExtras = (
  chunk: Loose,
  choice: { delta?: Loose | null | undefined } | undefined,
): StreamExtras | undefined => {
  const top = fieldsOutside(chunk, responseKeys, true);
  const inChoice = choice ? fieldsOutside(choice, choiceKeys, true) : undefined;
  const inDelta = choice?.delta ? fieldsOutside(choice.delta, messageKeys, true) : undefined;
  if (!top && !inChoice && !inDelta) return undefined;
  return { format: 'openai-chat', chunk: top ?? {}, choice: inChoice ?? {}, delta: inDelta ?? {} };
};
