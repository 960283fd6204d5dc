// Converts yardstick messages to the Messages API: system lifted out, tool calls and results as content blocks.
import type { Message, ToolChoice, ToolDefinition } from '../../spec/messages.js';

export type AnthropicContentBlock =
  | { type: 'text'; text: string }
  /** A client's own block (an earlier turn's `thinking`), sent back as it came. */
  | { type: string; [field: string]: unknown }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; tool_use_id: string; content: string };

export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: string | AnthropicContentBlock[];
}

const parseToolInput = (argumentsText: string): unknown => {
  try {
    return JSON.parse(argumentsText);
  } catch {
    // The API demands an object; a model's invalid JSON from an earlier turn is kept as text.
    return { arguments: argumentsText };
  }
};

const toBlocks = (message: Exclude<Message, { role: 'system' }>): AnthropicContentBlock[] => {
  switch (message.role) {
    case 'user':
      return [{ type: 'text', text: message.content }];
    case 'tool':
      return [{ type: 'tool_result', tool_use_id: message.toolCallId, content: message.content }];
    case 'assistant': {
      const blocks: AnthropicContentBlock[] = [];
      if (message.content !== '') blocks.push({ type: 'text', text: message.content });
      for (const call of message.toolCalls ?? []) {
        blocks.push({
          type: 'tool_use',
          id: call.id,
          name: call.name,
          input: parseToolInput(call.arguments),
        });
      }
      // an Anthropic client's earlier thinking, back at its place: the API wants it with tool use
      const extras = message.extras?.format === 'anthropic-messages' ? message.extras.blocks : [];
      for (const { index, block } of extras) blocks.splice(index, 0, block as AnthropicContentBlock);
      return blocks;
    }
  }
};

export const convertToAnthropicMessages = (
  messages: Message[],
): { system: string | undefined; messages: AnthropicMessage[] } => {
  const systemParts: string[] = [];
  const turns: { role: 'user' | 'assistant'; blocks: AnthropicContentBlock[] }[] = [];
  for (const message of messages) {
    if (message.role === 'system') {
      systemParts.push(message.content);
      continue;
    }
    // Tool results travel in a user turn; consecutive turns of one role are merged.
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const last = turns.at(-1);
    if (last !== undefined && last.role === role) last.blocks.push(...toBlocks(message));
    else turns.push({ role, blocks: toBlocks(message) });
  }
  return {
    system: systemParts.length === 0 ? undefined : systemParts.join('\n\n'),
    messages: turns.map(({ role, blocks }) => {
      const only = blocks[0];
      return blocks.length === 1 && only?.type === 'text' && typeof only.text === 'string'
        ? { role, content: only.text }
        : { role, content: blocks };
    }),
  };
};

export const convertToAnthropicTools = (tools: ToolDefinition[]) =>
  tools.map((tool) => ({
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    input_schema: tool.parameters,
  }));

export const convertToAnthropicToolChoice = (choice: ToolChoice) => {
  if (choice === 'auto') return { type: 'auto' as const };
  if (choice === 'required') return { type: 'any' as const };
  if (choice === 'none') return { type: 'none' as const };
  return { type: 'tool' as const, name: choice.name };
};
