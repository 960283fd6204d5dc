// Requests Node's HTTP parser refuses before the gateway sees them (a bad request line, headers over the size
// limit, a request too slow to arrive): answered in Anthropic's error shape when the request line that arrived
// names an Anthropic path, else in OpenAI's.
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { anthropicErrorJson, GatewayError, openaiErrorJson } from './gateway-errors.js';
import { isAnthropicPath } from './resolve-endpoint.js';

interface ParserError extends Error {
  code?: string;
  /** What the parser had been given of the request when it gave up, from its first byte. */
  rawPacket?: Buffer;
}

/** Node's own field: the response being written on this connection, if any (as its default handler checks). */
type HttpSocket = Duplex & { _httpMessage?: { headersSent?: boolean } | null };

const answers: Record<string, () => GatewayError> = {
  HPE_HEADER_OVERFLOW: () =>
    new GatewayError(
      'headers_too_large',
      `request headers are larger than the limit of ${Math.round(maxHeaderSize / 1024)} KiB; send fewer or smaller headers`,
    ),
  ERR_HTTP_REQUEST_TIMEOUT: () =>
    new GatewayError('request_timeout', 'the request did not arrive in time; send it again'),
};

/** The path on the request line, when that line arrived whole. */
const pathOf = (raw: Buffer | undefined): string | undefined =>
  raw === undefined ? undefined : /^[A-Z]+ (\S+) HTTP\//.exec(raw.subarray(0, 8192).toString('latin1'))?.[1];

/** For the server's 'clientError' event: a JSON answer when the socket can still take one, then close it. */
export const answerClientError = (error: ParserError, socket: HttpSocket): void => {
  // a reset or half-closed connection has nobody to read an answer; one with a response under way cannot
  // take a second status line
  if (error.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  const known = error.code === undefined ? undefined : answers[error.code];
  const answer =
    known?.() ??
    new GatewayError(
      'bad_request',
      `malformed HTTP request (${error.code ?? error.message}); send a valid HTTP/1.1 request`,
    );
  const { status } = answer;
  const path = pathOf(error.rawPacket);
  const anthropic = path !== undefined && isAnthropicPath(path);
  const body = JSON.stringify(anthropic ? anthropicErrorJson(answer) : openaiErrorJson(answer));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
};
