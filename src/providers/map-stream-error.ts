// Maps an error object a provider sends inside a 200 stream (`{error:{type,message}}`) to the matching code.
import { YardstickError } from '../spec/errors.js';

export const mapStreamError = (
  error: { type?: string | null; code?: unknown; message: string },
  host: string,
) => {
  const kind = `${error.type ?? ''} ${typeof error.code === 'string' ? error.code : ''}`.toLowerCase();
  const message = `${host} sent an error mid-stream: ${error.message}${error.type ? ` (${error.type})` : ''}`;
  if (kind.includes('rate_limit'))
    return new YardstickError('E_HTTP_RATE_LIMIT', message, { retryable: true });
  if (kind.includes('authentication') || kind.includes('permission')) {
    return new YardstickError('E_HTTP_AUTH', message);
  }
  if (kind.includes('invalid_request') || kind.includes('not_found') || kind.includes('request_too_large')) {
    return new YardstickError('E_HTTP_CLIENT', message);
  }
  // overloaded_error, api_error, server_error and anything unknown: the same call may well succeed later.
  return new YardstickError('E_HTTP_SERVER', message, { retryable: true });
};
