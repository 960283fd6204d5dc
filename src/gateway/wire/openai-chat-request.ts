// A client's OpenAI Chat Completions request, as the gateway reads it: the schema (with the request limits) and the
// conversion into the CallOptions every provider takes.
import { z } from 'zod';
import type { CallOptions } from '../../spec/language-model.js';
import type { Message, ToolChoice } from '../../spec/messages.js';
import { atMost, requestLimits } from '../request-limits.js';
import { WireRequestError } from './parse-request.js';

const textPart = z.object({ type: z.literal('text'), text: z.string() });
const content = z.union([z.string(), z.array(z.union([textPart, z.object({ type: z.string() })])), z.null()]);

const toolCallSchema = z.object({
  id: z.string(),
  type: z.literal('function').optional(),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

const messageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content }),
  z.object({ role: z.literal('developer'), content }),
  z.object({ role: z.literal('user'), content }),
  z.object({
    role: z.literal('assistant'),
    content: content.optional(),
    tool_calls: z.array(toolCallSchema).optional(),
  }),
  z.object({ role: z.literal('tool'), content, tool_call_id: z.string() }),
]);

const maxTokens = z
  .int()
  .min(1)
  .max(requestLimits.maxTokens, `at most ${requestLimits.maxTokens} output tokens per request`);

export const chatRequestSchema = z.object({
  model: z.string().min(1),
  messages: z
    .array(messageSchema)
    .min(1)
    .max(requestLimits.messages, atMost(requestLimits.messages, 'messages')),
  tools: z
    .array(
      z.object({
        type: z.literal('function'),
        function: z.object({
          name: z.string().min(1),
          description: z.string().optional(),
          parameters: z.record(z.string(), z.unknown()).optional(),
        }),
      }),
    )
    .max(requestLimits.tools, atMost(requestLimits.tools, 'tools'))
    .optional(),
  tool_choice: z
    .union([
      z.enum(['auto', 'none', 'required']),
      z.object({ type: z.literal('function'), function: z.object({ name: z.string() }) }),
    ])
    .optional(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  max_tokens: maxTokens.nullish(),
  max_completion_tokens: maxTokens.nullish(),
  stop: z
    .union([
      z.string(),
      z
        .array(z.string())
        .max(requestLimits.stopSequences, atMost(requestLimits.stopSequences, 'stop sequences')),
    ])
    .nullish(),
  seed: z.int().nullish(),
  n: z.int().min(1).max(1, 'this gateway returns one choice; n must be 1').nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  response_format: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('text') }),
      z.object({ type: z.literal('json_object') }),
      z.object({
        type: z.literal('json_schema'),
        json_schema: z.object({
          name: z.string().min(1).max(64),
          schema: z.record(z.string(), z.unknown()).optional(),
          description: z.string().optional(),
          strict: z.boolean().nullish(),
        }),
      }),
    ])
    .nullish(),
  user: z.string().optional(),
});

export type OpenAIChatRequest = z.output<typeof chatRequestSchema>;

const textOf = (value: z.output<typeof content> | undefined, where: string): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return value
    .map((part) => {
      if ('text' in part && part.type === 'text') return part.text as string;
      throw new WireRequestError(
        `${where}: content parts of type "${part.type}" are not supported; send text`,
        where,
      );
    })
    .join('');
};

export const toCallOptions = (request: OpenAIChatRequest): CallOptions => {
  const messages: Message[] = request.messages.map((message, index): Message => {
    const where = `messages.${index}`;
    switch (message.role) {
      case 'system':
      case 'developer':
        return { role: 'system', content: textOf(message.content, where) };
      case 'user':
        return { role: 'user', content: textOf(message.content, where) };
      case 'assistant':
        return {
          role: 'assistant',
          content: textOf(message.content, where),
          ...(message.tool_calls
            ? {
                toolCalls: message.tool_calls.map((call) => ({
                  id: call.id,
                  name: call.function.name,
                  arguments: call.function.arguments,
                })),
              }
            : {}),
        };
      default:
        return { role: 'tool', toolCallId: message.tool_call_id, content: textOf(message.content, where) };
    }
  });
  const options: CallOptions = { messages };
  if (request.tools) {
    options.tools = request.tools.map((tool) => ({
      name: tool.function.name,
      ...(tool.function.description ? { description: tool.function.description } : {}),
      parameters: tool.function.parameters ?? { type: 'object', properties: {} },
    }));
  }
  if (request.tool_choice) {
    options.toolChoice =
      typeof request.tool_choice === 'string'
        ? (request.tool_choice as ToolChoice)
        : { name: request.tool_choice.function.name };
  }
  if (request.temperature != null) options.temperature = request.temperature;
  if (request.top_p != null) options.topP = request.top_p;
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens != null) options.maxTokens = maxTokens;
  if (request.stop != null) options.stop = typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (request.seed != null) options.seed = request.seed;
  const format = request.response_format;
  if (format?.type === 'json_object') options.responseFormat = { type: 'json' };
  if (format?.type === 'json_schema') {
    const { name, schema = {}, description, strict } = format.json_schema;
    options.responseFormat = {
      type: 'json',
      schema: {
        name,
        schema,
        ...(description === undefined ? {} : { description }),
        ...(strict == null ? {} : { strict }),
      },
    };
  }
  return options;
};
