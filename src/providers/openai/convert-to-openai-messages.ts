// Converts yardstick messages and tools to the Chat Completions wire format.

import type { JsonSchemaFormat } from '../../spec/language-model.js';
import type { Message, ToolChoice, ToolDefinition } from '../../spec/messages.js';

export type OpenAIMessage =
  | { role: 'system' | 'user'; content: string }
  | {
      role: 'assistant';
      content: string | null;
      tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
    }
  | { role: 'tool'; tool_call_id: string; content: string };

const toOpenAIMessage = (message: Message): OpenAIMessage => {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'assistant': {
      const toolCalls = message.toolCalls ?? [];
      if (toolCalls.length === 0) return { role: 'assistant', content: message.content };
      return {
        role: 'assistant',
        content: message.content === '' ? null : message.content,
        tool_calls: toolCalls.map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        })),
      };
    }
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
};

export const convertToOpenAIMessages = (messages: Message[]): OpenAIMessage[] =>
  messages.map(toOpenAIMessage);

export const convertToOpenAITools = (tools: ToolDefinition[]) =>
  tools.map((tool) => ({
    type: 'function' as const,
    function: {
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.parameters,
      ...(tool.strict === undefined ? {} : { strict: tool.strict }),
    },
  }));

export const convertToOpenAIToolChoice = (choice: ToolChoice) =>
  typeof choice === 'string' ? choice : { type: 'function' as const, function: { name: choice.name } };

/** `json_object`, or `json_schema` when the caller gave a schema the answer must follow. */
export const toOpenAIResponseFormat = (format: { type: 'json'; schema?: JsonSchemaFormat }) =>
  format.schema === undefined
    ? { type: 'json_object' as const }
    : {
        type: 'json_schema' as const,
        json_schema: {
          name: format.schema.name,
          schema: format.schema.schema,
          ...(format.schema.description !== undefined ? { description: format.schema.description } : {}),
          ...(format.schema.strict !== undefined ? { strict: format.schema.strict } : {}),
        },
      };
