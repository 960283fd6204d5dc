// What a gateway client is told when something fails, and which upstream failures a route may fall back on.
import type { YardstickError } from '../spec/errors.js';
import type { FailureKind } from './gateway-config.js';

/** Whether the client went away, and what to abort when it does (a plain object: cheaper than an AbortSignal). */
export interface ClientLink {
  aborted: boolean;
  onGone: (() => void) | undefined;
}

/** An error the client gets, in the OpenAI error shape. */
export class ClientError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string | null,
    readonly headers: Record<string, string> = {},
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

export const failureKindOf = (error: YardstickError): FailureKind | undefined => {
  switch (error.code) {
    case 'E_HTTP_RATE_LIMIT':
      return '429';
    case 'E_HTTP_SERVER':
      return '5xx';
    case 'E_TIMEOUT':
      return 'timeout';
    case 'E_NETWORK':
    case 'E_UNAVAILABLE':
      return 'network';
    case 'E_MALFORMED_RESPONSE':
    case 'E_STREAM_CUT':
      return 'malformed';
    default:
      return undefined;
  }
};

/** What the client is told when every target failed: the status that says whose fault it was. */
export const clientErrorFor = (error: YardstickError): ClientError => {
  switch (error.code) {
    case 'E_HTTP_RATE_LIMIT':
      return new ClientError(
        429,
        `upstream rate limit: ${error.message}`,
        'rate_limit_error',
        'upstream_rate_limited',
        {
          'retry-after': String(Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000))),
        },
      );
    case 'E_TIMEOUT':
      return new ClientError(
        504,
        `upstream timed out: ${error.message}`,
        'upstream_error',
        'upstream_timeout',
      );
    case 'E_HTTP_CLIENT':
      return new ClientError(
        error.status ?? 400,
        error.message,
        'invalid_request_error',
        'upstream_rejected_request',
      );
    case 'E_API_KEY_MISSING':
    case 'E_HTTP_AUTH':
      // the gateway's own credentials for the provider: the operator's problem, and no secret in the message
      return new ClientError(
        503,
        `the gateway cannot call this provider: ${error.message}`,
        'upstream_error',
        'provider_not_configured',
      );
    default:
      return new ClientError(502, `upstream failed: ${error.message}`, 'upstream_error', 'upstream_error');
  }
};

/** The client closed the connection before its answer (nginx's 499): traced, never logged as a failure. */
export const clientGoneError = (): ClientError =>
  new ClientError(499, 'the client closed the request', 'invalid_request_error', 'client_closed_request');

/** A 400 for a bad request body, naming the field when there is one. */
export const badRequest = (message: string, code: string, param: string | null = null): ClientError =>
  new ClientError(400, message, 'invalid_request_error', code, {}, param);
