// A scriptable model server on 127.0.0.1 for tests and benchmarks: JSON, SSE (with delays and cuts), raw bodies, hangs.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

// Re-exported so end-to-end tests can build real-shaped responses from the one testing entry point.
export { anthropicMessage, anthropicStream } from './fake-anthropic-responses.js';
export { openaiChatCompletion, openaiChatStream, splitSseFrames } from './fake-openai-responses.js';
export { openaiCompatibleEcho } from './openai-compatible-echo.js';

export interface RecordedRequest {
  method: string;
  /** Path with query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The body parsed as JSON, or the raw text when it is not JSON. */
  body: unknown;
  rawBody: string;
}

export type FakeResponse =
  | { status: number; headers?: Record<string, string>; json: unknown; delayMs?: number }
  | { status?: number; headers?: Record<string, string>; sse: string[]; delayMs?: number; cutAfter?: number }
  | {
      status?: number;
      headers?: Record<string, string>;
      /** Binary AWS event-stream messages, written one per chunk like SSE frames. */
      eventStream: Uint8Array[];
      delayMs?: number;
      cutAfter?: number;
    }
  | { status: number; raw: string; contentType?: string; headers?: Record<string, string> }
  | { hang: true };

export type FakeHandler = (request: RecordedRequest) => FakeResponse | Promise<FakeResponse>;

/** One response for every request, a queue consumed one per request, or a function of the request. */
export type FakeScript = FakeResponse | FakeResponse[] | FakeHandler;

export interface FakeServer {
  /** `http://127.0.0.1:PORT` without a trailing slash. */
  url: string;
  requests: RecordedRequest[];
  respondWith(script: FakeScript): void;
  close(): Promise<void>;
}

export interface FakeServerOptions {
  /** Keep every request in `requests` (default true); benchmarks turn it off to save memory. */
  record?: boolean;
}

const wait = (delayMs: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, delayMs));

const unscripted = (request: RecordedRequest): FakeResponse => ({
  status: 500,
  json: { error: { message: `fake server: no response scripted for ${request.method} ${request.path}` } },
});

const headerRecord = (headers: http.IncomingHttpHeaders): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) result[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
};

const parseBody = (rawBody: string): unknown => {
  if (rawBody === '') return undefined;
  try {
    return JSON.parse(rawBody);
  } catch {
    return rawBody;
  }
};

const readRequest = async (incoming: http.IncomingMessage): Promise<RecordedRequest> => {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  return {
    method: incoming.method ?? 'GET',
    path: incoming.url ?? '/',
    headers: headerRecord(incoming.headers),
    body: parseBody(rawBody),
    rawBody,
  };
};

const writeResponse = async (response: FakeResponse, outgoing: http.ServerResponse): Promise<void> => {
  if ('hang' in response) return;
  if ('json' in response) {
    if (response.delayMs !== undefined) await wait(response.delayMs);
    const text = JSON.stringify(response.json);
    outgoing.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
    outgoing.end(text);
    return;
  }
  if ('raw' in response) {
    outgoing.writeHead(response.status, {
      'content-type': response.contentType ?? 'text/plain',
      ...response.headers,
    });
    outgoing.end(response.raw);
    return;
  }
  const binary = 'eventStream' in response;
  outgoing.writeHead(response.status ?? 200, {
    'content-type': binary ? 'application/vnd.amazon.eventstream' : 'text/event-stream',
    'cache-control': 'no-cache',
    ...response.headers,
  });
  outgoing.flushHeaders();
  const frames: Array<string | Uint8Array> = binary ? response.eventStream : response.sse;
  for (const [index, frame] of frames.entries()) {
    if (outgoing.destroyed) return;
    if (response.cutAfter !== undefined && index >= response.cutAfter) {
      // Simulates a dropped connection: the chunked body never gets its terminating chunk.
      outgoing.socket?.destroy();
      return;
    }
    if (index > 0 && response.delayMs !== undefined) await wait(response.delayMs);
    // Wait for the frame to reach the socket so a cut after it cannot discard it.
    await new Promise<void>((resolve) => outgoing.write(frame, () => resolve()));
  }
  outgoing.end();
};

/**
 * @example
 * const server = await startFakeServer();
 * server.respondWith({ status: 200, json: openaiChatCompletion({ content: 'Paris' }) });
 * // ... call `${server.url}/v1/chat/completions` ...
 * await server.close();
 */
export const startFakeServer = async (
  handler?: FakeScript,
  { record = true }: FakeServerOptions = {},
): Promise<FakeServer> => {
  let script: FakeScript = handler ?? unscripted;
  const requests: RecordedRequest[] = [];

  const nextResponse = async (request: RecordedRequest): Promise<FakeResponse> => {
    if (typeof script === 'function') return script(request);
    if (Array.isArray(script)) {
      const next = script.shift();
      return next ?? unscripted(request);
    }
    return script;
  };

  const server = http.createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, (incoming, outgoing) => {
    const handle = async (): Promise<void> => {
      const request = await readRequest(incoming);
      if (record) requests.push(request);
      await writeResponse(await nextResponse(request), outgoing);
    };
    handle().catch((error: unknown) => {
      if (outgoing.headersSent) {
        outgoing.destroy();
        return;
      }
      outgoing.writeHead(500, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ error: { message: `fake server handler failed: ${String(error)}` } }));
    });
  });
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  server.requestTimeout = 0;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith(next: FakeScript): void {
      script = Array.isArray(next) ? [...next] : next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
