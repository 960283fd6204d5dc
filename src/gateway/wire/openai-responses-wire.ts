// The OpenAI Responses API wire format as the gateway serves it on POST /v1/responses, from any provider: the
// request becomes the common call options, the result a `response` object or its streaming events, errors are
// in OpenAI's shape. Stateless: nothing is stored, so `store: true` and `previous_response_id` get a 400.
import type { GenerateResult } from '../../spec/language-model.js';
import { openaiErrorJson } from '../gateway-errors.js';
import { refuseUnsupported, responsesRequestSchema, toCallOptions } from './openai-responses-request.js';
import { parseRequest } from './parse-request.js';
import {
  callItemId,
  functionCallItem,
  incompleteReason,
  messageItem,
  messageItemId,
  responseJson,
  responsesEcho,
} from './responses-output.js';
import { responsesStreamEncoder } from './responses-stream-encoder.js';
import { type ChatWire, nextResponseId } from './wire-protocol.js';

const outputOf = (id: string, result: GenerateResult, status: string): unknown[] => {
  const output: unknown[] = [];
  if (result.text !== '' || result.toolCalls.length === 0)
    output.push(messageItem(messageItemId(id), status, result.text));
  result.toolCalls.forEach((call, index) => {
    output.push(functionCallItem(callItemId(id, index), 'completed', call));
  });
  return output;
};

export const openaiResponsesWire: ChatWire = {
  operation: 'chat',
  parse(json) {
    refuseUnsupported(json);
    const request = parseRequest(responsesRequestSchema, json);
    const { options, references } = toCallOptions(request);
    return {
      operation: 'chat',
      model: request.model,
      stream: request.stream === true,
      includeUsage: true,
      callOptions: options,
      echo: responsesEcho(request),
      ...(references.length > 0 ? { itemReferences: references } : {}),
    };
  },
  completion(id, model, result, request) {
    const incomplete = incompleteReason(result.finishReason.unified);
    const status = incomplete === undefined ? 'completed' : 'incomplete';
    if (result.text !== '') request.keepItem?.(messageItemId(id), result.text);
    return responseJson({
      id,
      model,
      createdAt: Math.floor(Date.now() / 1000),
      echo: request.echo,
      status,
      output: outputOf(id, result, status),
      usage: result.usage,
      incomplete,
      error: undefined,
    });
  },
  streamEncoder: (id, model, request) => responsesStreamEncoder(id, model, request),
  errorBody: openaiErrorJson,
  newId: () => nextResponseId('resp_'),
};
