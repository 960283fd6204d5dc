// The OpenAI Chat Completions wire format as the gateway serves it on POST /v1/chat/completions: a model's result
// or stream parts back as `chat.completion` JSON and `chat.completion.chunk` events, errors in OpenAI's shape.

import type { StreamExtras } from '../../spec/extra-fields.js';
import type { UnifiedFinishReason } from '../../spec/finish-reason.js';
import type { GenerateResult, StreamPart } from '../../spec/language-model.js';
import type { ToolCall } from '../../spec/messages.js';
import type { Usage } from '../../spec/usage.js';
import { openaiErrorJson } from '../gateway-errors.js';
import { chatRequestSchema, toCallOptions } from './openai-chat-request.js';
import { parseRequest } from './parse-request.js';
import { requestExtras } from './wire-fields.js';
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

/** A whole answer as `chat.completion`, with what an OpenAI-compatible upstream sent beyond the common result. */
export const chatCompletionJson = (id: string, model: string, created: number, result: GenerateResult) => {
  const extras = result.extras?.format === 'openai-chat' ? result.extras : undefined;
  return {
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
          ...extras?.message,
        },
        logprobs: null,
        ...extras?.choice,
        finish_reason: openaiFinishReason(result.finishReason.unified),
      },
    ],
    usage: openaiUsage(result.usage),
    ...extras?.response,
  };
};

type Fields = Record<string, unknown>;

/** Shallow equality of two sets of scalar fields (objects compare by identity: a change rewrites them). */
const sameFields = (a: Fields, b: Fields): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
};

/** Writes `chat.completion.chunk` events for stream parts; one per content-bearing part. */
export class ChunkWriter {
  private readonly head: string;
  private started = false;
  /** An OpenAI-compatible upstream's chunk-level extras (e.g. `system_fingerprint`): on every chunk from then. */
  private chunkExtras = '';
  /** Choice and delta extras (e.g. `logprobs`) of the upstream chunk whose parts come next. */
  private pending: { choice: Fields; delta: Fields } | undefined;
  /** The chunk-level extras last seen, to write them out again only when they change. */
  private lastChunk: Fields = {};

  constructor(id: string, model: string, created: number) {
    this.head = `{"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},`;
  }

  private chunk(delta: Fields, finishReason: string | null, claim = true): string {
    const pending = claim ? this.pending : undefined;
    if (pending === undefined) {
      return `data: ${this.head}${this.chunkExtras}"choices":[{"index":0,"delta":${JSON.stringify(delta)},"logprobs":null,"finish_reason":${finishReason === null ? 'null' : JSON.stringify(finishReason)}}]}\n\n`;
    }
    this.pending = undefined;
    const choice = {
      index: 0,
      delta: { ...delta, ...pending.delta },
      logprobs: null,
      ...pending.choice,
      finish_reason: finishReason,
    };
    return `data: ${this.head}${this.chunkExtras}"choices":[${JSON.stringify(choice)}]}\n\n`;
  }

  /** Keeps an upstream chunk's extras for the chunks written next; extras no part claimed get a chunk of their own. */
  private extras(extras: StreamExtras): string {
    if (extras.format !== 'openai-chat') return '';
    const { chunk, choice, delta } = extras;
    if (Object.keys(chunk).length > 0 && !sameFields(chunk, this.lastChunk)) {
      this.lastChunk = chunk;
      this.chunkExtras = `${JSON.stringify(chunk).slice(1, -1)},`;
    }
    const flushed = this.pending ? this.chunk({}, null) : '';
    if (Object.keys(choice).length > 0 || Object.keys(delta).length > 0) this.pending = { choice, delta };
    return flushed;
  }

  /** The SSE text for one part, or '' when the part carries nothing for the client. */
  write(part: StreamPart): string {
    let out = '';
    if (
      !this.started &&
      (part.type === 'text-delta' || part.type === 'tool-call-delta' || part.type === 'finish')
    ) {
      this.started = true;
      out += this.chunk({ role: 'assistant', content: '', refusal: null }, null, false);
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
      case 'extras':
        return out + this.extras(part.extras);
      default:
        return out;
    }
  }

  /** Extras that came after the last part, in a chunk of their own ('' when none). */
  flush(): string {
    return this.pending ? this.chunk({}, null) : '';
  }

  usage(usage: Usage): string {
    const flushed = this.flush();
    return `${flushed}data: ${this.head}${this.chunkExtras}"choices":[],"usage":${JSON.stringify(openaiUsage(usage))}}\n\n`;
  }
}

export const openaiChatWire: ChatWire = {
  operation: 'chat',
  format: 'openai-chat',
  parse(json) {
    const chat = parseRequest(chatRequestSchema, json);
    const callOptions = toCallOptions(chat);
    const extras = requestExtras('openai-chat', json);
    if (extras) callOptions.extras = extras;
    return {
      operation: 'chat',
      model: chat.model,
      stream: chat.stream === true,
      includeUsage: chat.stream_options?.include_usage === true,
      callOptions,
      body: json as Record<string, unknown>,
    };
  },
  completion: (id, model, result) => chatCompletionJson(id, model, Math.floor(Date.now() / 1000), result),
  streamEncoder(id, model, { includeUsage }): StreamEncoder {
    const writer = new ChunkWriter(id, model, Math.floor(Date.now() / 1000));
    return {
      part: (part) => writer.write(part),
      end: (usage) => `${includeUsage && usage ? writer.usage(usage) : writer.flush()}data: [DONE]\n\n`,
      error: (error) => `data: ${JSON.stringify(openaiErrorJson(error))}\n\n`,
    };
  },
  errorBody: openaiErrorJson,
  newId: () => nextResponseId('chatcmpl-'),
};
