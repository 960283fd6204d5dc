// Converts yardstick messages and tools to Gemini's `contents`: system lifted into `systemInstruction`, the
// assistant as role `model`, tool calls and results as `functionCall` / `functionResponse` parts.
import type { Message, ToolChoice, ToolDefinition } from '../../spec/messages.js';
import type { CallWarning } from '../../spec/warning.js';

export type GoogleRequestPart =
  | { text: string }
  | { functionCall: { id: string; name: string; args: unknown }; thoughtSignature?: string }
  | { functionResponse: { id: string; name: string; response: Record<string, unknown> } };

export interface GoogleContent {
  role: 'user' | 'model';
  parts: GoogleRequestPart[];
}

/**
 * Gemini 3 refuses a replayed functionCall without the thought signature it came with; a conversation written in
 * a suite has none, and Google documents this value for exactly that case
 * (https://ai.google.dev/gemini-api/docs/thought-signatures).
 */
export const skipThoughtSignature = 'skip_thought_signature_validator';

const asObject = (text: string): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};

// A result that is not a JSON object is wrapped the way Google's own SDKs wrap one: `{result: …}`.
const toResponse = (content: string): Record<string, unknown> => asObject(content) ?? { result: content };

export const convertToGoogleMessages = (
  messages: Message[],
  { modelName }: { modelName: string },
): {
  systemInstruction?: { parts: { text: string }[] };
  contents: GoogleContent[];
  warnings: CallWarning[];
} => {
  const system: { text: string }[] = [];
  const contents: GoogleContent[] = [];
  const warnings: CallWarning[] = [];
  // Gemini answers a tool call by function name; yardstick's tool messages name the call id.
  const callNames = new Map<string, string>();
  const signsCalls = modelName.startsWith('gemini-3');
  const push = (role: GoogleContent['role'], parts: GoogleRequestPart[]): void => {
    const last = contents.at(-1);
    if (last !== undefined && last.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        system.push({ text: message.content });
        break;
      case 'user':
        push('user', [{ text: message.content }]);
        break;
      case 'assistant': {
        const parts: GoogleRequestPart[] = message.content === '' ? [] : [{ text: message.content }];
        (message.toolCalls ?? []).forEach((call, index) => {
          callNames.set(call.id, call.name);
          const args = asObject(call.arguments) ?? {};
          const signature = signsCalls && index === 0 ? { thoughtSignature: skipThoughtSignature } : {};
          parts.push({ functionCall: { id: call.id, name: call.name, args }, ...signature });
        });
        push('model', parts.length === 0 ? [{ text: '' }] : parts);
        break;
      }
      case 'tool': {
        const name = callNames.get(message.toolCallId);
        if (name === undefined) {
          warnings.push({
            type: 'other',
            message: `tool result "${message.toolCallId}" answers no earlier tool call; sent under that id as the function name`,
          });
        }
        const response = toResponse(message.content);
        push('user', [
          { functionResponse: { id: message.toolCallId, name: name ?? message.toolCallId, response } },
        ]);
        break;
      }
    }
  }
  return {
    ...(system.length === 0 ? {} : { systemInstruction: { parts: system } }),
    contents,
    warnings,
  };
};

/** Tools as one `functionDeclarations` tool; the suite's JSON Schema goes as `parametersJsonSchema`, unchanged. */
export const convertToGoogleTools = (tools: ToolDefinition[]) => [
  {
    functionDeclarations: tools.map((tool) => ({
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parametersJsonSchema: tool.parameters,
    })),
  },
];

export const convertToGoogleToolConfig = (choice: ToolChoice) => {
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
};
