// Converts yardstick messages and tools to the Converse API: system blocks apart, tool calls as `toolUse` and
// results as `toolResult` blocks in a user turn, consecutive turns of one role merged.
import type { Message, ToolChoice, ToolDefinition } from '../../spec/messages.js';
import type { CallWarning } from '../../spec/warning.js';

export type BedrockContentBlock =
  | { text: string }
  | { toolUse: { toolUseId: string; name: string; input: unknown } }
  | { toolResult: { toolUseId: string; content: { text: string }[] } };

export interface BedrockMessage {
  role: 'user' | 'assistant';
  content: BedrockContentBlock[];
}

const parseInput = (argumentsText: string): unknown => {
  try {
    const value: unknown = JSON.parse(argumentsText);
    return typeof value === 'object' && value !== null ? value : { arguments: argumentsText };
  } catch {
    // Converse wants a JSON object; a model's invalid arguments from an earlier turn are kept as text
    return { arguments: argumentsText };
  }
};

const toBlocks = (message: Exclude<Message, { role: 'system' }>): BedrockContentBlock[] => {
  switch (message.role) {
    case 'user':
      return [{ text: message.content }];
    case 'tool':
      return [{ toolResult: { toolUseId: message.toolCallId, content: [{ text: message.content }] } }];
    case 'assistant': {
      // Converse refuses a blank text block
      const blocks: BedrockContentBlock[] = message.content === '' ? [] : [{ text: message.content }];
      for (const call of message.toolCalls ?? []) {
        blocks.push({ toolUse: { toolUseId: call.id, name: call.name, input: parseInput(call.arguments) } });
      }
      return blocks;
    }
  }
};

export const convertToBedrockMessages = (
  messages: Message[],
): { system: { text: string }[]; messages: BedrockMessage[] } => {
  const system: { text: string }[] = [];
  const turns: BedrockMessage[] = [];
  for (const message of messages) {
    if (message.role === 'system') {
      system.push({ text: message.content });
      continue;
    }
    const blocks = toBlocks(message);
    if (blocks.length === 0) continue;
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const last = turns.at(-1);
    if (last !== undefined && last.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  }
  return { system, messages: turns };
};

export const convertToBedrockToolConfig = (
  tools: ToolDefinition[],
  choice: ToolChoice | undefined,
): { toolConfig: Record<string, unknown>; warnings: CallWarning[] } => {
  const toolConfig: Record<string, unknown> = {
    tools: tools.map((tool) => ({
      toolSpec: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        inputSchema: { json: tool.parameters },
      },
    })),
  };
  const warnings: CallWarning[] = [];
  if (choice === 'auto') toolConfig.toolChoice = { auto: {} };
  else if (choice === 'required') toolConfig.toolChoice = { any: {} };
  else if (typeof choice === 'object') toolConfig.toolChoice = { tool: { name: choice.name } };
  else if (choice === 'none') {
    // the tools stay: Converse refuses toolUse blocks in the history without a toolConfig
    warnings.push({
      type: 'unsupported-setting',
      setting: 'toolChoice',
      details: 'Bedrock Converse has no "none" tool choice; the model may still call a tool',
    });
  }
  return { toolConfig, warnings };
};
