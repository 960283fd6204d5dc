// The one place bytes leave the process: undici's keep-alive connection pools, behind a small injectable interface.
// undici rather than node:http: a call through node:http's ClientRequest, Agent and IncomingMessage costs about
// 2.5 times the CPU (79 against 33 µs a call, measured against a zero-delay local server), and a gateway makes
// one such call per request it serves.
import type { Readable } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';
import { YardstickError } from '../spec/errors.js';
import { formatBytes, limits } from '../spec/limits.js';

export interface ResponseHeaders {
  get(name: string): string | null;
}

export interface HttpResponse {
  status: number;
  headers: ResponseHeaders;
  /** The whole body as text; rejects when the connection breaks before it is complete. */
  text(): Promise<string>;
  /** Body chunks as they arrive; throws when the connection breaks before the body is complete. */
  chunks(): AsyncIterable<string>;
  /**
   * The body's raw bytes as they arrive, for binary framings (AWS event streams); same failure rule as `chunks`.
   * Optional so a test transport that only speaks text need not implement it.
   */
  bytes?(): AsyncIterable<Uint8Array>;
  /** Stops reading and releases the connection. */
  cancel(): void;
}

export interface HttpRequest {
  /** POST unless said otherwise; a GET sends no body. */
  method?: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal | undefined;
}

/** Sends one request and resolves with the response head; the body is read through the returned object. */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

class PrematureClose extends Error {
  readonly code = 'ECONNRESET';
  constructor() {
    super('the connection closed before the response was complete');
  }
}

/** A body past the limit is cut off: a 200 MB answer must not be held in memory, and retrying it would not help. */
const tooLarge = (url: URL): YardstickError =>
  new YardstickError(
    'E_MALFORMED_RESPONSE',
    `the response from ${url.host} is over the ${formatBytes(limits.maxResponseChars)} limit for an answer`,
  );

// undici ends a body cut short with an error ("other side closed"); the callers know that as ECONNRESET
const closedEarly = (error: unknown): unknown =>
  error instanceof Error && 'code' in error && error.code === 'UND_ERR_SOCKET' ? new PrematureClose() : error;

/** The body's chunks (text or bytes), cut off past the answer limit; a body cut short fails with ECONNRESET. */
async function* readLimited<T extends string | Uint8Array>(
  body: Readable,
  url: URL,
  text: boolean,
): AsyncIterable<T> {
  if (text) body.setEncoding('utf8');
  let length = 0;
  try {
    for await (const chunk of body) {
      length += (chunk as T).length;
      if (length > limits.maxResponseChars) {
        body.destroy();
        throw tooLarge(url);
      }
      yield chunk as T;
    }
  } catch (error) {
    throw closedEarly(error);
  }
}

const wrapResponse = (answer: Dispatcher.ResponseData, url: URL): HttpResponse => {
  const raw = answer.headers;
  const headers: ResponseHeaders = {
    get(name) {
      const value = raw[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
  const body: Readable = answer.body;
  return {
    status: answer.statusCode,
    headers,
    text: () =>
      new Promise((resolve, reject) => {
        // decoded here, not for the whole response, so `bytes()` can still read it raw
        body.setEncoding('utf8');
        let text = '';
        body.on('data', (chunk: string) => {
          text += chunk;
          if (text.length > limits.maxResponseChars) {
            text = '';
            body.destroy();
            reject(tooLarge(url));
          }
        });
        // settled on 'close', after 'end', when undici has let go of the request's abort signal; a 'close' with
        // no 'end' and no error (the body destroyed from outside) is a body cut short
        let ended = false;
        body.on('end', () => {
          ended = true;
        });
        body.on('close', () => {
          if (ended) resolve(text);
          else reject(new PrematureClose());
        });
        body.on('error', (error) => reject(closedEarly(error)));
      }),
    // decoded for `chunks()` only, not for the whole response, so `bytes()` can still read it raw
    chunks: () => readLimited<string>(body, url, true),
    bytes: () => readLimited<Uint8Array>(body, url, false),
    cancel: () => {
      body.destroy();
    },
  };
};

// One pool per origin, kept alive between calls: a run makes thousands of calls to few hosts. No limit on
// connections (as node:http's agent), and no timeouts of undici's own: every call has its deadline (a stream's
// restarts as parts arrive), which aborts the request through its signal.
const dispatcher = new Agent({ headersTimeout: 0, bodyTimeout: 0 });

// Calls go to a handful of endpoints, so each URL is parsed once (a gateway makes thousands of calls a second).
interface Endpoint {
  url: URL;
  origin: string;
  path: string;
  /** `Basic …` for a URL that carries a user and password (node:http sent them; undici leaves them out). */
  auth: string | undefined;
}
const endpoints = new Map<string, Endpoint>();
const endpointOf = (text: string): Endpoint => {
  let endpoint = endpoints.get(text);
  if (!endpoint) {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw Object.assign(new Error(`only http: and https: URLs can be called, not ${url.protocol}`), {
        code: 'ERR_INVALID_PROTOCOL',
      });
    }
    const auth =
      url.username === '' && url.password === ''
        ? undefined
        : `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    endpoint = { url, origin: url.origin, path: `${url.pathname}${url.search}`, auth };
    if (endpoints.size >= 256) endpoints.clear();
    endpoints.set(text, endpoint);
  }
  return endpoint;
};

export const defaultTransport: Transport = async (request) => {
  const { url, origin, path, auth } = endpointOf(request.url);
  const { signal } = request;
  const method = request.method ?? 'POST';
  const headers =
    auth === undefined || 'authorization' in request.headers
      ? request.headers
      : { ...request.headers, authorization: auth };
  const answer = await dispatcher.request({
    origin,
    path,
    method,
    headers,
    body: method === 'POST' ? request.body : null,
    signal: signal ?? null,
  });
  return wrapResponse(answer, url);
};
