// A client's Anthropic Messages request, as the gateway reads it: the schema (with the request limits) and the
// conversion into the CallOptions every provider takes; tool results in user turns become tool messages.
import { z } from 'zod';
import type { MessageExtras } from '../../spec/extra-fields.js';
import type { CallOptions } from '../../spec/language-model.js';
import type { Message, ToolCall } from '../../spec/messages.js';
import { atMost, requestLimits } from '../request-limits.js';
import { WireRequestError } from './parse-request.js';

const block = z.looseObject({ type: z.string() });
const content = z.union([z.string(), z.array(block)]);

export const messagesRequestSchema = z.object({
  model: z.string().min(1),
  max_tokens: z
    .int()
    .min(1)
    .max(requestLimits.maxTokens, `at most ${requestLimits.maxTokens} output tokens per request`),
  messages: z
    .array(z.object({ role: z.enum(['user', 'assistant']), content }))
    .min(1)
    .max(requestLimits.messages, atMost(requestLimits.messages, 'messages')),
  system: content.optional(),
  tools: z
    .array(
      z.object({
        name: z.string().min(1),
        description: z.string().optional(),
        input_schema: z.record(z.string(), z.unknown()),
      }),
    )
    .max(requestLimits.tools, atMost(requestLimits.tools, 'tools'))
    .optional(),
  tool_choice: z
    .object({
      type: z.enum(['auto', 'any', 'none', 'tool']),
      name: z.string().optional(),
      disable_parallel_tool_use: z.boolean().optional(),
    })
    .optional(),
  metadata: z.object({ user_id: z.string().nullish() }).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  stop_sequences: z
    .array(z.string())
    .max(requestLimits.stopSequences, atMost(requestLimits.stopSequences, 'stop sequences'))
    .optional(),
  stream: z.boolean().optional(),
});

type Block = z.output<typeof block>;

const textOfBlocks = (value: string | Block[], where: string): string => {
  if (typeof value === 'string') return value;
  return value
    .map((item, index) => {
      if (item.type === 'text' && typeof item.text === 'string') return item.text;
      throw new WireRequestError(
        `${where}.${index}: content blocks of type "${item.type}" are not supported here; send text`,
        `${where}.${index}`,
      );
    })
    .join('');
};

/** Anthropic's user turns carry tool results as blocks; the spec has them as messages of their own. */
const convertMessage = (role: 'user' | 'assistant', value: string | Block[], where: string): Message[] => {
  if (typeof value === 'string') return [{ role, content: value }];
  const out: Message[] = [];
  let text = '';
  const toolCalls: ToolCall[] = [];
  const thinking: MessageExtras['blocks'] = [];
  value.forEach((item, index) => {
    const at = `${where}.${index}`;
    if (item.type === 'text' && typeof item.text === 'string') text += item.text;
    else if (item.type === 'tool_use' && role === 'assistant') {
      toolCalls.push({
        id: String(item.id),
        name: String(item.name),
        arguments: JSON.stringify(item.input ?? {}),
      });
    } else if (item.type === 'tool_result' && role === 'user') {
      const result = item.content as string | Block[] | undefined;
      out.push({
        role: 'tool',
        toolCallId: String(item.tool_use_id),
        content: result === undefined ? '' : textOfBlocks(result, `${at}.content`),
      });
    } else if ((item.type === 'thinking' || item.type === 'redacted_thinking') && role === 'assistant') {
      // earlier reasoning carried back by the client: an Anthropic upstream needs it back (with tool use);
      // nothing another provider can use
      thinking.push({ index, block: item });
    } else {
      throw new WireRequestError(
        `${at}: content blocks of type "${item.type}" are not supported here; send text`,
        at,
      );
    }
  });
  if (role === 'assistant') {
    out.push({
      role,
      content: text,
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
      ...(thinking.length > 0 ? { extras: { format: 'anthropic-messages', blocks: thinking } } : {}),
    });
  } else if (text !== '') out.push({ role, content: text });
  return out;
};

export const toCallOptions = (request: z.output<typeof messagesRequestSchema>): CallOptions => {
  const messages: Message[] = [];
  if (request.system !== undefined)
    messages.push({ role: 'system', content: textOfBlocks(request.system, 'system') });
  request.messages.forEach((message, index) => {
    messages.push(...convertMessage(message.role, message.content, `messages.${index}.content`));
  });
  const options: CallOptions = { messages, maxTokens: request.max_tokens };
  if (request.tools) {
    options.tools = request.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      parameters: tool.input_schema,
    }));
  }
  const choice = request.tool_choice;
  if (choice) {
    if (choice.type === 'tool' && !choice.name)
      throw new WireRequestError('tool_choice.name: required when type is "tool"', 'tool_choice.name');
    options.toolChoice =
      choice.type === 'tool' ? { name: choice.name ?? '' } : choice.type === 'any' ? 'required' : choice.type;
  }
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.top_p !== undefined) options.topP = request.top_p;
  if (request.stop_sequences) options.stop = request.stop_sequences;
  if (request.metadata?.user_id != null) options.user = request.metadata.user_id;
  if (choice?.disable_parallel_tool_use === true) options.parallelToolCalls = false;
  return options;
};
