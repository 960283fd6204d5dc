// Step 8, answer: the result written in the client's wire format, whole (a completion, a cached answer replayed
// as asked, embeddings) or as an error; streams are in answer-stream.ts. Each returns what the trace keeps.
import type { ServerResponse } from 'node:http';
import type { YardstickError } from '../../spec/errors.js';
import type { GenerateResult } from '../../spec/language-model.js';
import type { Usage } from '../../spec/usage.js';
import type { TraceAttempt } from '../../store/contract/gateway-store.js';
import type { CachedAnswer } from '../exact-cache.js';
import type { GatewayError } from '../gateway-errors.js';
import { sendJson, startEventStream } from '../http-exchange.js';
import type {
  ChatRequest,
  ChatWire,
  EmbeddingsRequest,
  EmbeddingsWire,
  StreamEncoder,
} from '../wire/wire-protocol.js';

/** What the client was sent, for the trace and the key's charge. */
export interface Answered {
  /** The status the client got: 200, even for a stream that broke after it started. */
  status: number;
  /** The model name the client was told. */
  model: string;
  /** What the upstream reported; undefined when it reported none (or the answer came from the cache). */
  usage: Usage | undefined;
  ttftMs: number | null;
  /** The body sent, when the route captures bodies. */
  responseJson: string | null;
  cacheHit: boolean;
  /** A stream's own attempt, closed when the stream ended; undefined for whole answers. */
  attempt: TraceAttempt | undefined;
  /** A stream that broke after it started: its client had a 200, then an error event. */
  failure: YardstickError | undefined;
  /** A stream's content parts and characters passed on, what a stream cut short is charged by. */
  streamed?: { parts: number; chars: number };
  /** The whole answer, for a monitor's sample: kept for whole answers, and for streams a monitor samples. */
  result?: GenerateResult | undefined;
}

const whole = (
  model: string,
  usage: Usage | undefined,
  responseJson: string | null,
  result?: GenerateResult,
): Answered => ({
  status: 200,
  model,
  usage,
  ttftMs: null,
  responseJson,
  cacheHit: false,
  attempt: undefined,
  failure: undefined,
  result,
});

/** A whole chat answer, not streamed. */
export const answerCompletion = (
  wire: ChatWire,
  response: ServerResponse,
  id: string,
  model: string,
  result: GenerateResult,
  request: ChatRequest,
  capture: boolean,
): Answered => {
  const text = sendJson(response, 200, wire.completion(id, model, result, request));
  return whole(model, result.usage, capture ? text : null, result);
};

/** Writes a whole result as a stream in the client's format (a cached answer asked for with `stream: true`). */
const writeWholeStream = (encoder: StreamEncoder, result: GenerateResult): string => {
  let out = encoder.part({ type: 'text-delta', delta: result.text });
  result.toolCalls.forEach((call, index) => {
    out += encoder.part({
      type: 'tool-call-delta',
      index,
      id: call.id,
      name: call.name,
      argumentsDelta: call.arguments,
    });
  });
  out += encoder.part({ type: 'finish', finishReason: result.finishReason, usage: result.usage });
  return out + encoder.end(result.usage);
};

/** A cached answer, sent in the shape asked for, streamed or not. */
export const answerCached = (
  wire: ChatWire,
  response: ServerResponse,
  id: string,
  cached: CachedAnswer,
  request: ChatRequest,
): Answered => {
  const { model, result } = cached;
  const answered: Answered = { ...whole(model, result.usage, null, result), cacheHit: true };
  if (!request.stream) {
    sendJson(response, 200, wire.completion(id, model, result, request));
    return answered;
  }
  startEventStream(response);
  response.end(writeWholeStream(wire.streamEncoder(id, model, request), result));
  return { ...answered, ttftMs: 0 };
};

/** Embeddings in the client's format, a slice at a time; charged by their input tokens. */
export const answerEmbeddings = async (
  wire: EmbeddingsWire,
  response: ServerResponse,
  model: string,
  embeddings: { embeddings: number[][]; inputTokens: number | undefined },
  request: EmbeddingsRequest,
): Promise<Answered> => {
  const inputTokens = embeddings.inputTokens ?? 0;
  await wire.send(response, {
    embeddings: embeddings.embeddings,
    base64: request.base64,
    model,
    inputTokens,
  });
  return whole(model, { inputTokens: embeddings.inputTokens, outputTokens: 0 }, null);
};

/** An error in the endpoint's shape, unless an answer already started; then the connection just ends. */
export const answerError = (
  response: ServerResponse,
  errorBody: (error: GatewayError) => unknown,
  error: GatewayError,
): void => {
  if (!response.headersSent && !response.destroyed) {
    sendJson(response, error.status, errorBody(error), error.headers);
  } else if (!response.writableEnded) {
    response.end();
  }
};
