// What the gateway needs from a client-facing wire format (OpenAI Chat Completions and Responses, Anthropic
// Messages, OpenAI embeddings): parse a request into what the pipeline calls, and render its answer, stream and
// errors the way that format's SDKs expect. A new format is one file implementing one of these and one row in the endpoint table.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { CallOptions, GenerateResult, StreamPart } from '../../spec/language-model.js';
import type { Message } from '../../spec/messages.js';
import type { Usage } from '../../spec/usage.js';
import type { GatewayError } from '../gateway-errors.js';

/** A chat turn, whatever format the client sent it in. */
export interface ChatRequest {
  operation: 'chat';
  model: string;
  stream: boolean;
  /** OpenAI's `stream_options.include_usage`; Anthropic streams always carry usage. */
  includeUsage: boolean;
  callOptions: CallOptions;
  /** Request settings the format repeats in its answer (the Responses API echoes `instructions`, `tools`, …). */
  echo?: Record<string, unknown>;
  /** Earlier answers the client refers to by id (Responses `item_reference`), filled in before the call. */
  itemReferences?: ItemReference[];
  /** Keeps an answered item's text so a later request may refer to it; set by the pipeline, called by the wire. */
  keepItem?: (itemId: string, text: string) => void;
}

export interface ItemReference {
  id: string;
  /** The request field, e.g. `input.2`, that a 400 names when the item is not known. */
  param: string;
  /** The assistant turn in the call options whose content the item's text becomes. */
  message: Extract<Message, { role: 'assistant' }>;
}

/** Texts to embed. */
export interface EmbeddingsRequest {
  operation: 'embeddings';
  model: string;
  inputs: string[];
  /** OpenAI's `encoding_format: "base64"`: little-endian float32s, what the openai SDK asks for by default. */
  base64: boolean;
}

export interface StreamEncoder {
  /** SSE text for one part ('' when it carries nothing for the client). */
  part(part: StreamPart): string;
  /** SSE text that closes a finished stream. */
  end(usage: Usage | undefined): string;
  /** SSE text that ends a broken stream with an error the client's SDK raises. */
  error(error: GatewayError): string;
}

interface WireFormat<Request> {
  /** Parses a JSON body; throws WireRequestError (parse-request.ts) for a 400 naming the field. */
  parse(json: unknown): Request;
  /** An error body in this format's shape, from the table in gateway-errors.ts. */
  errorBody(error: GatewayError): unknown;
  /** The id of a new response, e.g. `chatcmpl-…` or `msg_…`. */
  newId(): string;
}

export interface ChatWire extends WireFormat<ChatRequest> {
  readonly operation: 'chat';
  /** The whole answer to `request`, not streamed. */
  completion(id: string, model: string, result: GenerateResult, request: ChatRequest): unknown;
  streamEncoder(id: string, model: string, request: ChatRequest): StreamEncoder;
}

export interface EmbeddingsAnswer {
  embeddings: number[][];
  base64: boolean;
  model: string;
  inputTokens: number;
}

export interface EmbeddingsWire extends WireFormat<EmbeddingsRequest> {
  readonly operation: 'embeddings';
  /** Sends the answer with status 200, a slice at a time; stops quietly if the client leaves. Never throws. */
  send(response: ServerResponse, answer: EmbeddingsAnswer): Promise<void>;
}

export type WireProtocol = ChatWire | EmbeddingsWire;

// Response ids: a random prefix per process and a counter, unique without drawing random bytes per request.
const processPrefix = randomBytes(9).toString('base64url');
let sequence = 0;

/** A new response id, e.g. `chatcmpl-Xk3…1f`. */
export const nextResponseId = (prefix: string): string => {
  sequence += 1;
  return `${prefix}${processPrefix}${sequence.toString(36)}`;
};
