// The Anthropic Messages wire format as the gateway serves it on POST /v1/messages, so an app on the Anthropic
// SDK can be answered by any provider (and an OpenAI-compatible model can sit behind it).
import type { GenerateResult } from '../../spec/language-model.js';
import { anthropicErrorJson } from '../gateway-errors.js';
import { messagesRequestSchema, toCallOptions } from './anthropic-messages-request.js';
import { anthropicStreamEncoder, anthropicUsage, stopReason } from './anthropic-stream-encoder.js';
import { parseRequest } from './parse-request.js';
import { type ChatWire, nextResponseId } from './wire-protocol.js';

const parseInput = (text: string): unknown => {
  try {
    return JSON.parse(text === '' ? '{}' : text);
  } catch {
    return {};
  }
};

export const anthropicMessagesWire: ChatWire = {
  operation: 'chat',
  parse(json) {
    const request = parseRequest(messagesRequestSchema, json);
    return {
      operation: 'chat',
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
  streamEncoder: (id, model) => anthropicStreamEncoder(id, model),
  errorBody: anthropicErrorJson,
  newId: () => nextResponseId('msg_'),
};
