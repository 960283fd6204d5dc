// Requests Node's HTTP parser refuses before the gateway sees them (a bad request line, headers over the size
// limit, a request too slow to arrive): answered in the OpenAI error shape, since the path is not known.
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

interface ParserError extends Error {
  code?: string;
}

/** Node's own field: the response being written on this connection, if any (as its default handler checks). */
type HttpSocket = Duplex & { _httpMessage?: { headersSent?: boolean } | null };

const answers: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'headers_too_large',
    message: `request headers are larger than the limit of ${Math.round(maxHeaderSize / 1024)} KiB; send fewer or smaller headers`,
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'request_timeout',
    message: 'the request did not arrive in time; send it again',
  },
};

/** For the server's 'clientError' event: a JSON answer when the socket can still take one, then close it. */
export const answerClientError = (error: ParserError, socket: HttpSocket): void => {
  // a reset or half-closed connection has nobody to read an answer; one with a response under way cannot
  // take a second status line
  if (error.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  const known = error.code === undefined ? undefined : answers[error.code];
  const status = known?.status ?? 400;
  const body = JSON.stringify({
    error: {
      message:
        known?.message ??
        `malformed HTTP request (${error.code ?? error.message}); send a valid HTTP/1.1 request`,
      type: 'invalid_request_error',
      param: null,
      code: known?.code ?? 'bad_request',
    },
  });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
};
