// Anthropic's `POST /v1/messages/count_tokens` as the gateway reads it: a Messages request without
// `max_tokens`, into the call every provider takes (its extras, e.g. `thinking`, go to an Anthropic upstream's
// count as sent). The answer is `{"input_tokens": n}`.
import type { CallOptions } from '../../spec/language-model.js';
import { anthropicErrorJson } from '../gateway-errors.js';
import { messagesRequestSchema, toCallOptions } from './anthropic-messages-request.js';
import { parseRequest } from './parse-request.js';
import { requestExtras } from './wire-fields.js';
import { nextResponseId } from './wire-protocol.js';

const countTokensRequestSchema = messagesRequestSchema.partial({ max_tokens: true });

export interface CountTokensRequest {
  model: string;
  callOptions: CallOptions;
}

export const anthropicCountTokensWire = {
  format: 'anthropic-messages',
  parse(json: unknown): CountTokensRequest {
    const request = parseRequest(countTokensRequestSchema, json);
    const { maxTokens: _, ...callOptions } = toCallOptions({ ...request, max_tokens: 1 });
    const extras = requestExtras('anthropic-messages', json);
    return { model: request.model, callOptions: extras ? { ...callOptions, extras } : callOptions };
  },
  errorBody: anthropicErrorJson,
  newId: () => nextResponseId('msg_'),
} as const;
