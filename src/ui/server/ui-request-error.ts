// A request the UI server refuses: a stable code, its HTTP status from one typed table, and a message that says
// what to send instead. Errors from the rest of yardstick (YardstickError) are mapped onto these in ui-api.ts.
export type UiErrorCode =
  | 'bad_request'
  | 'bad_cursor'
  | 'token_required'
  | 'host_not_allowed'
  | 'path_not_allowed'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'unsupported_media_type'
  | 'payload_too_large';

export const uiStatusOf = {
  bad_request: 400,
  bad_cursor: 400,
  token_required: 401,
  host_not_allowed: 403,
  path_not_allowed: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
} as const satisfies Record<UiErrorCode, number>;

export class UiRequestError extends Error {
  readonly status: number;

  constructor(
    readonly code: UiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UiRequestError';
    this.status = uiStatusOf[code];
  }
}
