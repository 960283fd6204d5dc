// The one place bytes leave the process: node:http(s) with keep-alive agents, behind a small injectable interface.
import http from 'node:http';
import https from 'node:https';
import { urlToHttpOptions } from 'node:url';
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

// Keep-alive pools shared by every model: a run makes thousands of calls to few hosts.
const agents = {
  http: new http.Agent({ keepAlive: true, maxFreeSockets: 256 }),
  https: new https.Agent({ keepAlive: true, maxFreeSockets: 256 }),
};

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

const wrapResponse = (response: http.IncomingMessage, url: URL): HttpResponse => {
  const headers: ResponseHeaders = {
    get(name) {
      const value = response.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
  return {
    status: response.statusCode ?? 0,
    headers,
    text: () =>
      new Promise((resolve, reject) => {
        // decoded here, not for the whole response, so `bytes()` can still read it raw
        response.setEncoding('utf8');
        let text = '';
        response.on('data', (chunk: string) => {
          text += chunk;
          if (text.length > limits.maxResponseChars) {
            text = '';
            response.destroy();
            reject(tooLarge(url));
          }
        });
        response.on('end', () => resolve(text));
        response.on('error', reject);
        response.on('close', () => {
          if (!response.complete) reject(new PrematureClose());
        });
      }),
    async *chunks() {
      // decoded here, not for the whole response, so `bytes()` can still read it raw
      response.setEncoding('utf8');
      let length = 0;
      for await (const chunk of response) {
        length += (chunk as string).length;
        if (length > limits.maxResponseChars) {
          response.destroy();
          throw tooLarge(url);
        }
        yield chunk as string;
      }
      if (!response.complete) throw new PrematureClose();
    },
    async *bytes() {
      let length = 0;
      for await (const chunk of response) {
        length += (chunk as Buffer).length;
        if (length > limits.maxResponseChars) {
          response.destroy();
          throw tooLarge(url);
        }
        yield chunk as Buffer;
      }
      if (!response.complete) throw new PrematureClose();
    },
    cancel: () => {
      response.destroy();
    },
  };
};

// Calls go to a handful of endpoints, so each URL is parsed once, with node:http's options for it (a gateway
// makes thousands of calls a second; given a URL, http.request would convert it again on every call).
interface Endpoint {
  url: URL;
  options: http.RequestOptions;
  secure: boolean;
}
const endpoints = new Map<string, Endpoint>();
const endpointOf = (text: string): Endpoint => {
  let endpoint = endpoints.get(text);
  if (!endpoint) {
    const url = new URL(text);
    const secure = url.protocol === 'https:';
    endpoint = {
      url,
      options: { ...urlToHttpOptions(url), agent: secure ? agents.https : agents.http },
      secure,
    };
    if (endpoints.size >= 256) endpoints.clear();
    endpoints.set(text, endpoint);
  }
  return endpoint;
};

/** What node:http destroys a request with when its `signal` aborts; the callers look at the signal, not this. */
const abortError = (signal: AbortSignal): Error =>
  Object.assign(new Error('The operation was aborted', { cause: signal.reason }), {
    name: 'AbortError',
    code: 'ABORT_ERR',
  });

export const nodeTransport: Transport = (request) =>
  new Promise((resolve, reject) => {
    const { url, options, secure } = endpointOf(request.url);
    const { signal } = request;
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const client = secure ? https : http;
    const method = request.method ?? 'POST';
    const length = method === 'POST' ? { 'content-length': Buffer.byteLength(request.body) } : {};
    const outgoing = client.request(
      { ...options, method, headers: Object.assign({}, request.headers, length) },
      (response) => resolve(wrapResponse(response, url)),
    );
    outgoing.on('error', reject);
    if (signal) {
      // what http.request's own `signal` option does, without the end-of-stream watcher it sets up per request
      const onAbort = (): void => {
        outgoing.destroy(abortError(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      outgoing.once('close', () => signal.removeEventListener('abort', onAbort));
    }
    outgoing.end(method === 'POST' ? request.body : undefined);
  });
