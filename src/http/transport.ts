// The one place bytes leave the process: node:http(s) with keep-alive agents, behind a small injectable interface.
import http from 'node:http';
import https from 'node:https';
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

// Calls go to a handful of endpoints, so each URL is parsed once (a gateway makes thousands of calls a second).
const parsedUrls = new Map<string, URL>();
const parseUrl = (text: string): URL => {
  let url = parsedUrls.get(text);
  if (!url) {
    url = new URL(text);
    if (parsedUrls.size >= 256) parsedUrls.clear();
    parsedUrls.set(text, url);
  }
  return url;
};

export const nodeTransport: Transport = (request) =>
  new Promise((resolve, reject) => {
    const url = parseUrl(request.url);
    const secure = url.protocol === 'https:';
    const client = secure ? https : http;
    const method = request.method ?? 'POST';
    const length = method === 'POST' ? { 'content-length': Buffer.byteLength(request.body) } : {};
    const outgoing = client.request(
      url,
      {
        method,
        headers: Object.assign({}, request.headers, length),
        agent: secure ? agents.https : agents.http,
        ...(request.signal ? { signal: request.signal } : {}),
      },
      (response) => resolve(wrapResponse(response, url)),
    );
    outgoing.on('error', reject);
    outgoing.end(method === 'POST' ? request.body : undefined);
  });
