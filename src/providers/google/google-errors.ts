// Google's error body (`{error: {code, message, status, details}}`) read for what the status line cannot say: an
// invalid key answered with 400, the RetryInfo delay of a 429, and errors sent inside a stream.
import type { HttpStatusErrorInput } from '../../http/map-http-error.js';
import { type ErrorCode, YardstickError } from '../../spec/errors.js';
import { redactSecrets } from '../../spec/redact-secrets.js';
import { type GoogleError, googleErrorSchema } from './google-schemas.js';

const parseError = (rawText: string): GoogleError | undefined => {
  try {
    const parsed = googleErrorSchema.safeParse(JSON.parse(rawText));
    return parsed.success ? parsed.data.error : undefined;
  } catch {
    return undefined;
  }
};

const detailsOf = (error: GoogleError): Record<string, unknown>[] =>
  (error.details ?? []).filter(
    (detail): detail is Record<string, unknown> => typeof detail === 'object' && detail !== null,
  );

/** `RetryInfo.retryDelay` is a protobuf Duration in JSON: `"34.4s"`. */
export const retryDelayMs = (error: GoogleError): number | undefined => {
  for (const detail of detailsOf(error)) {
    if (!String(detail['@type']).endsWith('google.rpc.RetryInfo')) continue;
    const match = /^(\d+(?:\.\d+)?)s$/.exec(String(detail.retryDelay ?? ''));
    if (match?.[1] !== undefined) return Math.round(Number(match[1]) * 1000);
  }
  return undefined;
};

const isKeyRejected = (error: GoogleError): boolean =>
  error.status === 'UNAUTHENTICATED' ||
  error.status === 'PERMISSION_DENIED' ||
  detailsOf(error).some((detail) => detail.reason === 'API_KEY_INVALID');

const codeOfStatus = (status: string | null | undefined): { code: ErrorCode; retryable: boolean } => {
  switch (status) {
    case 'RESOURCE_EXHAUSTED':
      return { code: 'E_HTTP_RATE_LIMIT', retryable: true };
    case 'UNAUTHENTICATED':
    case 'PERMISSION_DENIED':
      return { code: 'E_HTTP_AUTH', retryable: false };
    case 'INVALID_ARGUMENT':
    case 'FAILED_PRECONDITION':
    case 'NOT_FOUND':
    case 'OUT_OF_RANGE':
      return { code: 'E_HTTP_CLIENT', retryable: false };
    default:
      // INTERNAL, UNAVAILABLE, DEADLINE_EXCEEDED and anything unknown: worth another try
      return { code: 'E_HTTP_SERVER', retryable: true };
  }
};

const describeError = (error: GoogleError, secrets: readonly string[]): string =>
  `${redactSecrets(error.message, secrets)}${error.status ? ` (${error.status})` : ''}`;

/** Refines the generic mapping of a non-2xx Gemini answer (a StatusErrorMapper). */
export const mapGoogleStatusError = (
  mapped: YardstickError,
  answer: HttpStatusErrorInput,
): YardstickError => {
  const error = parseError(answer.rawText);
  if (error === undefined) return mapped;
  const code = isKeyRejected(error) ? 'E_HTTP_AUTH' : mapped.code;
  return new YardstickError(
    code,
    `${prefixOf(mapped.message)}: ${describeError(error, answer.secrets ?? [])}`,
    {
      retryable: code === 'E_HTTP_AUTH' ? false : mapped.retryable,
      retryAfterMs: mapped.retryAfterMs ?? retryDelayMs(error),
      status: answer.status,
      body: mapped.body,
    },
  );
};

/** `HTTP 429 from host:port` out of the generic message, which goes on with the provider's words. */
const prefixOf = (message: string): string => /^HTTP \d+ from [^\s:]+(?::\d+)?/.exec(message)?.[0] ?? message;

/** An `{error: …}` object sent as an event of a 200 stream. */
export const mapGoogleStreamError = (error: GoogleError, host: string): YardstickError => {
  const { code, retryable } = codeOfStatus(error.status);
  return new YardstickError(code, `${host} sent an error mid-stream: ${describeError(error, [])}`, {
    retryable,
    retryAfterMs: retryDelayMs(error),
  });
};
