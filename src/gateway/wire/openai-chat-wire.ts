// The OpenAI Chat Completions wire format as the gateway serves it on POST /v1/chat/completions: a model's result
// or stream parts back as `chat.completion` JSON and `chat.completion.chunk` events, errors in OpenAI's shape.
import type { UnifiedFinishReason } from '../../spec/finish-reason.js';
import type { GenerateResult, StreamPart } from '../../spec/language-model.js';
import type { ToolCall } from '../../spec/messages.js';
import type { Usage } from '../../spec/usage.js';
import { openaiErrorJson } from '../gateway-errors.js';
import { chatRequestSchema, toCallOptions } from './openai-chat-request.js';
import { parseRequest } from './parse-request.js';
import { type ChatWire, nextResponseId, type StreamEncoder } from './wire-protocol.js';

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

export const openaiChatWire: ChatWire = {
  operation: 'chat',
  parse(json) {
    const chat = parseRequest(chatRequestSchema, json);
    return {
      operation: 'chat',
      model: chat.model,
      stream: chat.stream === true,
      includeUsage: chat.stream_options?.include_usage === true,
      callOptions: toCallOptions(chat),
    };
  },
  completion: (id, model, result) => chatCompletionJson(id, model, Math.floor(Date.now() / 1000), result),
  streamEncoder(id, model, { includeUsage }): StreamEncoder {
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
