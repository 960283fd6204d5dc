// One error class with a code union; every module throws it, the CLI maps codes to exit codes.

export type ErrorCode =
  /** A suite file or a file it references is invalid. */
  | 'E_SUITE_INVALID'
  /** Command-line arguments or configuration are invalid. */
  | 'E_CONFIG'
  /** The gateway's configuration (gateway.yaml, or the secrets file it names) is invalid or unreadable. */
  | 'E_GATEWAY_CONFIG'
  /** A provider id is not in the registry. */
  | 'E_PROVIDER_UNKNOWN'
  /** The environment variable that holds a model's key is not set. */
  | 'E_API_KEY_MISSING'
  /** The model server could not be reached at all (connection refused, DNS). */
  | 'E_UNAVAILABLE'
  | 'E_HTTP_RATE_LIMIT'
  | 'E_HTTP_SERVER'
  | 'E_HTTP_AUTH'
  | 'E_HTTP_CLIENT'
  | 'E_NETWORK'
  | 'E_TIMEOUT'
  | 'E_MALFORMED_RESPONSE'
  | 'E_STREAM_CUT'
  | 'E_ABORTED'
  /** The user's function provider or javascript assertion threw. */
  | 'E_USER_CODE'
  | 'E_STORE'
  | 'E_INTERNAL';

export interface YardstickErrorOptions {
  /** Whether the same call may succeed if tried again (429, 5xx, network, timeout). */
  retryable?: boolean;
  /** Milliseconds the server asked us to wait (Retry-After). */
  retryAfterMs?: number;
  status?: number;
  /** A short excerpt of the response body, with secrets never included. */
  body?: string;
  cause?: unknown;
}

export class YardstickError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  readonly body: string | undefined;

  constructor(code: ErrorCode, message: string, options: YardstickErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'YardstickError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
    this.body = options.body;
  }
}

export const isYardstickError = (error: unknown): error is YardstickError => error instanceof YardstickError;

/** Wraps anything thrown into a YardstickError so callers handle one shape. */
export const toYardstickError = (error: unknown, fallback: ErrorCode = 'E_INTERNAL'): YardstickError => {
  if (error instanceof YardstickError) return error;
  if (error instanceof Error) return new YardstickError(fallback, error.message, { cause: error });
  return new YardstickError(fallback, String(error));
};
