// GETs a text document (a published price list) through the one transport, with a timeout and a size limit, so
// a wrong URL fails with a clear message instead of hanging or filling memory.

import { startDeadline } from '../async/deadline.js';
import { YardstickError } from '../spec/errors.js';
import { type FetchErrorContext, mapFetchError, mapHttpStatusError, safeHost } from './map-http-error.js';
import { defaultTransport, type Transport } from './transport.js';

export interface GetTextInput {
  url: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** The most bytes of body accepted; more is an error. */
  maxBytes: number;
  transport?: Transport;
}

/**
 * @example const text = await getText({ url: 'https://openrouter.ai/api/v1/models', timeoutMs: 30_000, maxBytes: 64 << 20 });
 */
export const getText = async (input: GetTextInput): Promise<string> => {
  const deadline = startDeadline(input.timeoutMs, undefined);
  const context: FetchErrorContext = {
    url: input.url,
    timedOut: () => deadline.timedOut,
    timeoutMs: input.timeoutMs,
  };
  const transport = input.transport ?? defaultTransport;
  try {
    const response = await transport({
      method: 'GET',
      url: input.url,
      headers: { accept: 'application/json', ...input.headers },
      body: '',
      signal: deadline.signal,
    });
    if (response.status < 200 || response.status >= 300) {
      const rawText = await response.text();
      throw mapHttpStatusError({
        status: response.status,
        headers: response.headers,
        rawText,
        url: input.url,
      });
    }
    let text = '';
    let bytes = 0;
    for await (const chunk of response.chunks()) {
      bytes += Buffer.byteLength(chunk);
      if (bytes > input.maxBytes) {
        response.cancel();
        throw new YardstickError(
          'E_MALFORMED_RESPONSE',
          `${safeHost(input.url)} sent more than ${input.maxBytes} bytes; is ${input.url} a price list?`,
        );
      }
      text += chunk;
    }
    return text;
  } catch (error) {
    throw mapFetchError(error, context);
  } finally {
    deadline.release();
  }
};
