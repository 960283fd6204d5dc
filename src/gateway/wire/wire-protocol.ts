// What the gateway needs from a client-facing wire format (OpenAI Chat Completions, Anthropic Messages):
// parse a request into CallOptions, and render a result, a stream and an error the way that format's SDKs expect.
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { CallOptions, GenerateResult, StreamPart } from '../spec/language-model.js';
import type { Usage } from '../spec/usage.js';
import type { GatewayError } from './gateway-errors.js';

export interface ParsedChat {
  model: string;
  stream: boolean;
  /** OpenAI's `stream_options.include_usage`; Anthropic streams always carry usage. */
  includeUsage: boolean;
  callOptions: CallOptions;
}

/** A request the format can carry but the gateway cannot serve, or a malformed one: a 400 naming the field. */
export class WireRequestError extends Error {
  constructor(
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

export interface StreamEncoder {
  /** SSE text for one part ('' when it carries nothing for the client). */
  part(part: StreamPart): string;
  /** SSE text that closes a finished stream. */
  end(usage: Usage | undefined): string;
  /** SSE text that ends a broken stream with an error the client's SDK raises. */
  error(error: GatewayError): string;
}

export interface WireProtocol {
  /** Parses a JSON body; throws WireRequestError for a 400. */
  parse(json: unknown): ParsedChat;
  /** The whole answer, not streamed. */
  completion(id: string, model: string, result: GenerateResult): unknown;
  streamEncoder(id: string, model: string, includeUsage: boolean): StreamEncoder;
  /** An error body in this format's shape, from the table in gateway-errors.ts. */
  errorBody(error: GatewayError): unknown;
  /** The id of a new response, e.g. `chatcmpl-…` or `msg_…`. */
  newId(): string;
}

/**
 * The issue worth telling: for a value that matched none of a union's options, the option it came closest to
 * (its type matched, something inside did not), so `stop: [17 strings]` says "at most 16 …", not "Invalid input".
 */
const specificIssue = (issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string } => {
  if (issue.code !== 'invalid_union') return issue;
  for (const branch of issue.errors) {
    const [first] = branch;
    if (first && !(first.code === 'invalid_type' && first.path.length === 0)) {
      const inner = specificIssue(first);
      return { path: [...issue.path, ...inner.path], message: inner.message };
    }
  }
  return issue;
};

/** Parses a request body with its schema; the first problem becomes a 400 naming the field, e.g. `messages.0.role`. */
export const parseRequest = <S extends z.ZodType>(schema: S, json: unknown): z.output<S> => {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const issue = first ? specificIssue(first) : undefined;
  const param = issue?.path.map(String).join('.') || null;
  throw new WireRequestError(`${param ?? 'body'}: ${issue?.message ?? 'invalid request body'}`, param);
};

// Response ids: a random prefix per process and a counter, unique without drawing random bytes per request.
const processPrefix = randomBytes(9).toString('base64url');
let sequence = 0;

/** A new response id, e.g. `chatcmpl-Xk3…1f`. */
export const nextResponseId = (prefix: string): string => {
  sequence += 1;
  return `${prefix}${processPrefix}${sequence.toString(36)}`;
};
