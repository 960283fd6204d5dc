// What a Messages API response or stream carries beyond the common result (thinking blocks, stop_sequence, …),
// kept as the extras a client on the same API gets back.
import { fieldsOutside, type ResponseExtras } from '../../spec/extra-fields.js';

const messageKeys = new Set(['id', 'type', 'role', 'model', 'content', 'stop_reason', 'usage']);

/** Block types the common result models; any other (thinking, redacted_thinking, server tools' blocks) is an extra. */
export const modelledBlockTypes: ReadonlySet<string> = new Set(['text', 'tool_use']);

/** A whole message's extras; undefined when it had none. */
export const anthropicResponseExtras = (message: {
  content: { type: string }[];
  [key: string]: unknown;
}): ResponseExtras | undefined => {
  const response = fieldsOutside(message, messageKeys);
  const blocks: { index: number; block: Record<string, unknown> }[] = [];
  message.content.forEach((block, index) => {
    if (!modelledBlockTypes.has(block.type)) blocks.push({ index, block });
  });
  if (!response && blocks.length === 0) return undefined;
  return { format: 'anthropic-messages', response: response ?? {}, blocks };
};
