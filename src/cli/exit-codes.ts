// Exit codes of the CLI, and the typed table from error code to exit code (a missing entry is a compile error).
import type { ErrorCode } from '../spec/errors.js';

export const ExitCode = {
  ok: 0,
  belowThreshold: 1,
  configError: 2,
  aborted: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const exitCodeOf = {
  E_SUITE_INVALID: ExitCode.configError,
  E_CONFIG: ExitCode.configError,
  E_GATEWAY_CONFIG: ExitCode.configError,
  E_PROVIDER_UNKNOWN: ExitCode.configError,
  E_API_KEY_MISSING: ExitCode.configError,
  E_UNAVAILABLE: ExitCode.aborted,
  E_HTTP_RATE_LIMIT: ExitCode.aborted,
  E_HTTP_SERVER: ExitCode.aborted,
  E_HTTP_AUTH: ExitCode.aborted,
  E_HTTP_CLIENT: ExitCode.aborted,
  E_NETWORK: ExitCode.aborted,
  E_TIMEOUT: ExitCode.aborted,
  E_MALFORMED_RESPONSE: ExitCode.aborted,
  E_STREAM_CUT: ExitCode.aborted,
  E_ABORTED: ExitCode.aborted,
  E_USER_CODE: ExitCode.configError,
  E_STORE: ExitCode.aborted,
  E_INTERNAL: ExitCode.aborted,
} as const satisfies Record<ErrorCode, ExitCode>;
