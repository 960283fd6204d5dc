// The Anthropic Messages wire format as the gateway serves it on POST /v1/messages, so an app on the Anthropic
// SDK can be answered by any provider (and an OpenAI-compatible model can sit behind it).
import type { GenerateResult } from '../../spec/language-model.js';
import { anthropicErrorJson } from '../gateway-errors.js';
import { messagesRequestSchema, toCallOptions } from './anthropic-messages-request.js';
import { anthropicStreamEncoder, anthropicUsage, stopReason } from './anthropic-stream-encoder.js';
import { parseRequest } from './parse-request.js';
import { requestExtras } from './wire-fields.js';
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
  format: 'anthropic-messages',
  parse(json) {
    const request = parseRequest(messagesRequestSchema, json);
    const callOptions = toCallOptions(request);
    const extras = requestExtras('anthropic-messages', json);
    if (extras) callOptions.extras = extras;
    return {
      operation: 'chat',
      model: request.model,
      stream: request.stream === true,
      includeUsage: true,
      callOptions,
      body: json as Record<string, unknown>,
    };
  },
  completion(id: string, model: string, result: GenerateResult) {
    const blocks: unknown[] = [];
    if (result.text !== '') blocks.push({ type: 'text', text: result.text });
    for (const call of result.toolCalls) {
      blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: parseInput(call.arguments) });
    }
    const extras = result.extras?.format === 'anthropic-messages' ? result.extras : undefined;
    // blocks the common result does not model (thinking, …) back at their place, from an Anthropic upstream
    for (const { index, block } of extras?.blocks ?? []) blocks.splice(index, 0, block);
    return {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: blocks,
      stop_reason: stopReason(result.finishReason),
      stop_sequence: null,
      usage: anthropicUsage(result.usage),
      ...extras?.response,
    };
  },
  streamEncoder: (id, model) => anthropicStreamEncoder(id, model),
  errorBody: anthropicErrorJson,
  newId: () => nextResponseId('msg_'),
};
