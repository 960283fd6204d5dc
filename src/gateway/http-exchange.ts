// The gateway's HTTP plumbing: a request body read under its size limit, and a JSON answer written in one go.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientGoneError, GatewayError } from './gateway-errors.js';

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

/** The head of a server-sent event stream; its events follow as they are written. */
export const startEventStream = (response: ServerResponse): void => {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
};

/** Resolves when a full response can take more, or when its client went away (then 'drain' never comes). */
export const writable = (response: ServerResponse): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
