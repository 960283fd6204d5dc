// The one table of errors a gateway client can get: code → HTTP status → the OpenAI error type and the Anthropic
// error type. A new error is one row here; a code without a row does not compile.

/** `error.type` in OpenAI's shape `{"error":{"message","type","param","code"}}`. */
export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'rate_limit_error'
  | 'insufficient_quota'
  | 'upstream_error'
  | 'server_error';

/** `error.type` in Anthropic's shape `{"type":"error","error":{"type","message"}}`, as its API documents them. */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

export interface GatewayErrorRow {
  status: number;
  openai: OpenAIErrorType;
  anthropic: AnthropicErrorType;
}

export const gatewayErrors = {
  // the request itself
  invalid_api_key: { status: 401, openai: 'authentication_error', anthropic: 'authentication_error' },
  route_not_allowed: { status: 403, openai: 'permission_error', anthropic: 'permission_error' },
  model_not_found: { status: 404, openai: 'invalid_request_error', anthropic: 'not_found_error' },
  unknown_endpoint: { status: 404, openai: 'invalid_request_error', anthropic: 'not_found_error' },
  method_not_allowed: { status: 405, openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  invalid_json: { status: 400, openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  invalid_request: { status: 400, openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  nesting_too_deep: { status: 400, openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  unsupported_field: { status: 400, openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  body_too_large: { status: 413, openai: 'invalid_request_error', anthropic: 'request_too_large' },
  key_limit: { status: 429, openai: 'rate_limit_error', anthropic: 'rate_limit_error' },
  budget_exceeded: { status: 429, openai: 'insufficient_quota', anthropic: 'rate_limit_error' },
  // what Node's HTTP parser refuses before the gateway sees the path
  bad_request: { status: 400, openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  request_timeout: { status: 408, openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  headers_too_large: { status: 431, openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  // the upstream, once every target allowed was tried
  upstream_rate_limited: { status: 429, openai: 'rate_limit_error', anthropic: 'rate_limit_error' },
  upstream_rejected_request: {
    status: 400,
    openai: 'invalid_request_error',
    anthropic: 'invalid_request_error',
  },
  upstream_error: { status: 502, openai: 'upstream_error', anthropic: 'api_error' },
  upstream_stream_error: { status: 502, openai: 'upstream_error', anthropic: 'api_error' },
  upstream_timeout: { status: 504, openai: 'upstream_error', anthropic: 'api_error' },
  provider_not_configured: { status: 503, openai: 'upstream_error', anthropic: 'api_error' },
  circuit_open: { status: 503, openai: 'upstream_error', anthropic: 'overloaded_error' },
  // the gateway itself
  limits_unavailable: { status: 503, openai: 'server_error', anthropic: 'overloaded_error' },
  shutting_down: { status: 503, openai: 'server_error', anthropic: 'overloaded_error' },
  shutdown_timeout: { status: 503, openai: 'server_error', anthropic: 'api_error' },
  client_closed_request: { status: 499, openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  internal_error: { status: 500, openai: 'server_error', anthropic: 'api_error' },
} as const satisfies Record<string, GatewayErrorRow>;

export type GatewayErrorCode = keyof typeof gatewayErrors;

export interface GatewayErrorOptions {
  /** The request field at fault, e.g. `messages.0.role` (OpenAI's `param`). */
  param?: string | null;
  /** Headers the answer carries, e.g. `retry-after`. */
  headers?: Record<string, string>;
  /**
   * Only for `upstream_rejected_request`: the upstream's own 4xx, so a client sees the 404 or 422 the
   * provider gave.
   */
  status?: number;
  /** Fields added to the error object in both shapes, e.g. `resets_at` of a spent budget. */
  details?: Record<string, string>;
}

/** An error a client gets, by code; its status and both shapes come from the table. */
export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  readonly status: number;
  readonly param: string | null;
  readonly headers: Record<string, string>;
  readonly details: Record<string, string> | undefined;

  constructor(code: GatewayErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message);
    this.name = 'GatewayError';
    this.code = code;
    this.status = options.status ?? gatewayErrors[code].status;
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
    this.details = options.details;
  }
}

/** OpenAI's error body, what every OpenAI SDK reads. */
export const openaiErrorJson = (error: GatewayError) => ({
  error: {
    message: error.message,
    type: gatewayErrors[error.code].openai,
    param: error.param,
    code: error.code,
    ...error.details,
  },
});

/** Anthropic's error body, what the Anthropic SDK reads. */
export const anthropicErrorJson = (error: GatewayError) => ({
  type: 'error',
  error: { type: gatewayErrors[error.code].anthropic, message: error.message, ...error.details },
});

/** Anything thrown on the request path as what the client gets: a GatewayError as it is, anything else a 500. */
export const toGatewayError = (error: unknown): GatewayError =>
  error instanceof GatewayError
    ? error
    : new GatewayError(
        'internal_error',
        `internal error: ${error instanceof Error ? error.message : String(error)}`,
      );

/** The client closed the connection before its answer (nginx's 499): traced, never logged as a failure. */
export const clientGoneError = (): GatewayError =>
  new GatewayError('client_closed_request', 'the client closed the request');
