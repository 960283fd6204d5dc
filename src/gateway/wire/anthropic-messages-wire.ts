// The Anthropic Messages wire format as the gateway serves it on POST /v1/messages, so an app on the Anthropic
// SDK can be answered by any provider (and an OpenAI-compatible model can sit behind it).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { UnifiedFinishReason } from '../spec/finish-reason.js';
import type { CallOptions, GenerateResult, StreamPart } from '../spec/language-model.js';
import type { Message, ToolCall } from '../spec/messages.js';
import type { Usage } from '../spec/usage.js';
import { anthropicErrorJson } from './gateway-errors.js';
import { atMost, requestLimits } from './request-limits.js';
import {
  nextResponseId,
  type ParsedChat,
  parseRequest,
  type StreamEncoder,
  type WireProtocol,
  WireRequestError,
} from './wire-protocol.js';

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
    .object({ type: z.enum(['auto', 'any', 'none', 'tool']), name: z.string().optional() })
    .optional(),
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
    } else if (item.type === 'thinking' || item.type === 'redacted_thinking') {
      // earlier reasoning carried back by the client: nothing another provider can use
    } else {
      throw new WireRequestError(
        `${at}: content blocks of type "${item.type}" are not supported here; send text`,
        at,
      );
    }
  });
  if (role === 'assistant') out.push({ role, content: text, ...(toolCalls.length > 0 ? { toolCalls } : {}) });
  else if (text !== '') out.push({ role, content: text });
  return out;
};

const toCallOptions = (request: z.output<typeof messagesRequestSchema>): CallOptions => {
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
  return options;
};

const stopReasons: Record<UnifiedFinishReason, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
  error: 'end_turn',
  other: 'end_turn',
};

const anthropicStopReasons = new Set([
  'end_turn',
  'max_tokens',
  'stop_sequence',
  'tool_use',
  'pause_turn',
  'refusal',
]);

/** Anthropic's own word when the upstream was Anthropic, else the closest one. */
const stopReason = (finish: { unified: UnifiedFinishReason; raw: string | undefined }): string =>
  finish.raw !== undefined && anthropicStopReasons.has(finish.raw) ? finish.raw : stopReasons[finish.unified];

/** Anthropic counts cache reads and writes apart from `input_tokens`; the spec counts them within it. */
const anthropicUsage = (usage: Usage) => {
  const cached = usage.cachedInputTokens ?? 0;
  const written = usage.cacheWriteInputTokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage.inputTokens ?? 0) - cached - written),
    cache_creation_input_tokens: written,
    cache_read_input_tokens: cached,
    output_tokens: usage.outputTokens ?? 0,
  };
};

const parseInput = (text: string): unknown => {
  try {
    return JSON.parse(text === '' ? '{}' : text);
  } catch {
    return {};
  }
};

const event = (name: string, data: unknown): string => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

const streamEncoder = (id: string, model: string): StreamEncoder => {
  let started = false;
  let finished = false;
  let index = -1;
  let open: 'text' | 'tool' | undefined;
  let toolIndex = -1;
  const start = (): string => {
    if (started) return '';
    started = true;
    return event('message_start', {
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 0, output_tokens: 0 },
      },
    });
  };
  const close = (): string => {
    if (open === undefined) return '';
    open = undefined;
    return event('content_block_stop', { type: 'content_block_stop', index });
  };
  return {
    part(part: StreamPart): string {
      let out = start();
      if (part.type === 'text-delta') {
        if (part.delta === '') return out;
        if (open !== 'text') {
          out += close();
          index += 1;
          open = 'text';
          out += event('content_block_start', {
            type: 'content_block_start',
            index,
            content_block: { type: 'text', text: '' },
          });
        }
        return (
          out +
          event('content_block_delta', {
            type: 'content_block_delta',
            index,
            delta: { type: 'text_delta', text: part.delta },
          })
        );
      }
      if (part.type === 'tool-call-delta') {
        if (open !== 'tool' || part.index !== toolIndex) {
          out += close();
          index += 1;
          open = 'tool';
          toolIndex = part.index;
          const id = part.id ?? `toolu_${randomBytes(12).toString('base64url')}`;
          out += event('content_block_start', {
            type: 'content_block_start',
            index,
            content_block: { type: 'tool_use', id, name: part.name ?? '', input: {} },
          });
        }
        if (part.argumentsDelta === '') return out;
        return (
          out +
          event('content_block_delta', {
            type: 'content_block_delta',
            index,
            delta: { type: 'input_json_delta', partial_json: part.argumentsDelta },
          })
        );
      }
      if (part.type === 'finish') {
        finished = true;
        return (
          out +
          close() +
          event('message_delta', {
            type: 'message_delta',
            delta: { stop_reason: stopReason(part.finishReason), stop_sequence: null },
            usage: anthropicUsage(part.usage),
          }) +
          event('message_stop', { type: 'message_stop' })
        );
      }
      return out;
    },
    end(): string {
      if (finished) return '';
      // an upstream that ended without a finish part: close the message so the client's SDK completes
      return `${start()}${close()}${event('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 0 } })}${event('message_stop', { type: 'message_stop' })}`;
    },
    error: (error) => event('error', anthropicErrorJson(error)),
  };
};

export const anthropicProtocol: WireProtocol = {
  parse(json: unknown): ParsedChat {
    const request = parseRequest(messagesRequestSchema, json);
    return {
      model: request.model,
      stream: request.stream === true,
      includeUsage: true,
      callOptions: toCallOptions(request),
    };
  },
  completion(id: string, model: string, result: GenerateResult) {
    const blocks: unknown[] = [];
    if (result.text !== '') blocks.push({ type: 'text', text: result.text });
    for (const call of result.toolCalls) {
      blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: parseInput(call.arguments) });
    }
    return {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: blocks,
      stop_reason: stopReason(result.finishReason),
      stop_sequence: null,
      usage: anthropicUsage(result.usage),
    };
  },
  streamEncoder: (id, model) => streamEncoder(id, model),
  errorBody: anthropicErrorJson,
  newId: () => nextResponseId('msg_'),
};
