// Reading a gateway request and writing its answer: the client's key, the body under its size limit, JSON out.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientGoneError, GatewayError } from './gateway-errors.js';
import { nestsDeeperThan } from './json-depth.js';
import { requestLimits } from './request-limits.js';
import { WireRequestError } from './wire-protocol.js';

/** `Authorization: Bearer <key>` (OpenAI SDKs) or `x-api-key: <key>` (Anthropic SDKs). */
export const presentedKey = (request: IncomingMessage): string | undefined => {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice('Bearer '.length).trim();
  const header = request.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
};

const tooLarge = (message: string): GatewayError => new GatewayError('body_too_large', message);

/**
 * The whole body, refused with 413 as soon as it is known to be over `limit` bytes. A client that goes away
 * before its body ended is a client abort (499), not a failure of the gateway.
 */
export const readBody = (request: IncomingMessage, limit: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (declared > limit) {
      reject(tooLarge(`request body is ${declared} bytes; the limit is ${limit}`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(tooLarge(`request body is over the limit of ${limit} bytes`));
        request.removeAllListeners('data');
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    // 'error' (ECONNRESET "aborted") or a bare 'close' before 'end': either way the client left mid-body
    request.on('error', () => reject(clientGoneError()));
    request.on('close', () => {
      if (!request.complete) reject(clientGoneError());
    });
  });

/**
 * The body as JSON, parsed by the endpoint's schema; malformed JSON, JSON nested deeper than the limit or a
 * bad field is a 400 naming it.
 */
export const readRequest = async <T>(
  request: IncomingMessage,
  limit: number,
  parse: (json: unknown) => T,
): Promise<{ body: Buffer; value: T }> => {
  const body = await readBody(request, limit);
  const depth = requestLimits.nestingDepth;
  if (nestsDeeperThan(body, depth)) {
    throw new GatewayError(
      'nesting_too_deep',
      `request body nests deeper than ${depth} levels; flatten it (the limit is ${depth})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new GatewayError('invalid_json', `request body is not valid JSON: ${reason}`);
  }
  try {
    return { body, value: parse(json) };
  } catch (error) {
    if (error instanceof WireRequestError)
      throw new GatewayError('invalid_request', error.message, { param: error.param });
    throw error;
  }
};

/** Sends `body` as JSON (unless a stream already started) and returns the text sent. */
export const sendJson = (
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): string => {
  const text = JSON.stringify(body);
  if (!response.headersSent) {
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
  }
  response.end(text);
  return text;
};
