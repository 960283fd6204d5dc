// The OpenAI Chat Completions wire format as the gateway serves it: parse a client's request into CallOptions,
// and turn a model's result or stream parts back into `chat.completion` JSON and `chat.completion.chunk` events.
import { z } from 'zod';
import type { UnifiedFinishReason } from '../spec/finish-reason.js';
import type { CallOptions, GenerateResult, StreamPart } from '../spec/language-model.js';
import type { Message, ToolCall, ToolChoice } from '../spec/messages.js';
import type { Usage } from '../spec/usage.js';
import { openaiErrorJson } from './gateway-errors.js';
import { atMost, requestLimits } from './request-limits.js';
import {
  nextResponseId,
  type ParsedChat,
  parseRequest,
  type StreamEncoder,
  type WireProtocol,
  WireRequestError,
} from './wire-protocol.js';

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
  response_format: z.object({ type: z.enum(['text', 'json_object', 'json_schema']) }).nullish(),
  user: z.string().optional(),
});

export type ChatRequest = z.output<typeof chatRequestSchema>;

export const embeddingsRequestSchema = z.object({
  model: z.string().min(1),
  input: z.union([
    z.string(),
    z
      .array(z.string())
      .min(1, 'send at least one text')
      .max(requestLimits.embeddingInputs, atMost(requestLimits.embeddingInputs, 'inputs')),
  ]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  user: z.string().optional(),
});

export type EmbeddingsRequest = z.output<typeof embeddingsRequestSchema>;

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

export const toCallOptions = (request: ChatRequest): CallOptions => {
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
  if (request.response_format && request.response_format.type !== 'text')
    options.responseFormat = { type: 'json' };
  return options;
};

const finishReasons: Record<UnifiedFinishReason, string> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'tool_calls',
  'content-filter': 'content_filter',
  error: 'stop',
  other: 'stop',
};

export const openaiFinishReason = (unified: UnifiedFinishReason): string => finishReasons[unified];

export const openaiUsage = (usage: Usage) => {
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  return {
    prompt_tokens: input,
    completion_tokens: output,
    total_tokens: input + output,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
};

const toolCallsJson = (calls: ToolCall[]) =>
  calls.map((call) => ({
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  }));

export const chatCompletionJson = (id: string, model: string, created: number, result: GenerateResult) => ({
  id,
  object: 'chat.completion',
  created,
  model,
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: result.toolCalls.length > 0 && result.text === '' ? null : result.text,
        ...(result.toolCalls.length > 0 ? { tool_calls: toolCallsJson(result.toolCalls) } : {}),
        refusal: null,
      },
      logprobs: null,
      finish_reason: openaiFinishReason(result.finishReason.unified),
    },
  ],
  usage: openaiUsage(result.usage),
});

/** Writes `chat.completion.chunk` events for stream parts; one per content-bearing part. */
export class ChunkWriter {
  private readonly head: string;
  private started = false;

  constructor(id: string, model: string, created: number) {
    this.head = `{"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},`;
  }

  private chunk(delta: unknown, finishReason: string | null): string {
    return `data: ${this.head}"choices":[{"index":0,"delta":${JSON.stringify(delta)},"logprobs":null,"finish_reason":${finishReason === null ? 'null' : JSON.stringify(finishReason)}}]}\n\n`;
  }

  /** The SSE text for one part, or '' when the part carries nothing for the client. */
  write(part: StreamPart): string {
    let out = '';
    if (
      !this.started &&
      (part.type === 'text-delta' || part.type === 'tool-call-delta' || part.type === 'finish')
    ) {
      this.started = true;
      out += this.chunk({ role: 'assistant', content: '', refusal: null }, null);
    }
    switch (part.type) {
      case 'text-delta':
        return part.delta === '' ? out : out + this.chunk({ content: part.delta }, null);
      case 'tool-call-delta': {
        const call: Record<string, unknown> = { index: part.index };
        if (part.id !== undefined) call.id = part.id;
        if (part.id !== undefined || part.name !== undefined) call.type = 'function';
        const fn: Record<string, string> = { arguments: part.argumentsDelta };
        if (part.name !== undefined) fn.name = part.name;
        call.function = fn;
        return out + this.chunk({ tool_calls: [call] }, null);
      }
      case 'finish':
        return out + this.chunk({}, openaiFinishReason(part.finishReason.unified));
      default:
        return out;
    }
  }

  usage(usage: Usage): string {
    return `data: ${this.head}"choices":[],"usage":${JSON.stringify(openaiUsage(usage))}}\n\n`;
  }
}

/** The OpenAI Chat Completions format, as served on POST /v1/chat/completions. */
export const openaiProtocol: WireProtocol = {
  parse(json: unknown): ParsedChat {
    const chat = parseRequest(chatRequestSchema, json);
    return {
      model: chat.model,
      stream: chat.stream === true,
      includeUsage: chat.stream_options?.include_usage === true,
      callOptions: toCallOptions(chat),
    };
  },
  completion: (id, model, result) => chatCompletionJson(id, model, Math.floor(Date.now() / 1000), result),
  streamEncoder(id, model, includeUsage): StreamEncoder {
    const writer = new ChunkWriter(id, model, Math.floor(Date.now() / 1000));
    return {
      part: (part) => writer.write(part),
      end: (usage) => `${includeUsage && usage ? writer.usage(usage) : ''}data: [DONE]\n\n`,
      error: (error) => `data: ${JSON.stringify(openaiErrorJson(error))}\n\n`,
    };
  },
  errorBody: openaiErrorJson,
  newId: () => nextResponseId('chatcmpl-'),
};
