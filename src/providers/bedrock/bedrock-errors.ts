// Bedrock names its errors (`x-amzn-ErrorType: ThrottlingException:…` on an answer, `:exception-type` inside a
// stream); the name decides code and retryability where the status alone would not (a 424 model error, a 400
// ServiceQuotaExceededException).
import type { HttpStatusErrorInput } from '../../http/map-http-error.js';
import { type ErrorCode, YardstickError } from '../../spec/errors.js';
import { redactSecrets } from '../../spec/redact-secrets.js';
import { bedrockExceptionSchema } from './bedrock-schemas.js';

const kinds: Record<string, { code: ErrorCode; retryable: boolean }> = {
  ThrottlingException: { code: 'E_HTTP_RATE_LIMIT', retryable: true },
  ModelNotReadyException: { code: 'E_HTTP_RATE_LIMIT', retryable: true },
  ServiceQuotaExceededException: { code: 'E_HTTP_RATE_LIMIT', retryable: true },
  InternalServerException: { code: 'E_HTTP_SERVER', retryable: true },
  ServiceUnavailableException: { code: 'E_HTTP_SERVER', retryable: true },
  ModelTimeoutException: { code: 'E_HTTP_SERVER', retryable: true },
  ModelStreamErrorException: { code: 'E_HTTP_SERVER', retryable: true },
  ModelErrorException: { code: 'E_HTTP_SERVER', retryable: true },
  AccessDeniedException: { code: 'E_HTTP_AUTH', retryable: false },
  UnrecognizedClientException: { code: 'E_HTTP_AUTH', retryable: false },
  InvalidSignatureException: { code: 'E_HTTP_AUTH', retryable: false },
  IncompleteSignature: { code: 'E_HTTP_AUTH', retryable: false },
  ExpiredTokenException: { code: 'E_HTTP_AUTH', retryable: false },
  MissingAuthenticationTokenException: { code: 'E_HTTP_AUTH', retryable: false },
  ValidationException: { code: 'E_HTTP_CLIENT', retryable: false },
  ResourceNotFoundException: { code: 'E_HTTP_CLIENT', retryable: false },
};

/** `ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/` → `ThrottlingException`. */
export const errorTypeOf = (header: string | null): string | undefined => {
  const name = header?.split(':')[0]?.trim();
  return name === undefined || name === '' ? undefined : name;
};

const messageOf = (rawText: string): string | undefined => {
  try {
    const parsed = bedrockExceptionSchema.safeParse(JSON.parse(rawText));
    if (!parsed.success) return undefined;
    return parsed.data.message ?? parsed.data.Message ?? undefined;
  } catch {
    return undefined;
  }
};

/** Refines the generic mapping of a non-2xx Bedrock answer (a StatusErrorMapper). */
export const mapBedrockStatusError = (
  mapped: YardstickError,
  answer: HttpStatusErrorInput,
): YardstickError => {
  const type = errorTypeOf(answer.headers.get('x-amzn-errortype'));
  if (type === undefined) return mapped;
  const kind = kinds[type];
  const message = messageOf(answer.rawText);
  const host = /^HTTP \d+ from [^\s:]+(?::\d+)?/.exec(mapped.message)?.[0] ?? `HTTP ${answer.status}`;
  const detail = message === undefined ? '' : ` ${redactSecrets(message, answer.secrets ?? [])}`;
  return new YardstickError(
    kind?.code ?? mapped.code,
    `${host}: ${type}${detail === '' ? '' : ':'}${detail}`,
    {
      retryable: kind?.retryable ?? mapped.retryable,
      retryAfterMs: mapped.retryAfterMs,
      status: answer.status,
      body: mapped.body,
    },
  );
};

/** An exception message inside a 200 ConverseStream (`:exception-type: throttlingException`). */
export const mapBedrockStreamException = (
  exceptionType: string,
  body: string,
  host: string,
): YardstickError => {
  const type = `${exceptionType.charAt(0).toUpperCase()}${exceptionType.slice(1)}`;
  const kind = kinds[type] ?? { code: 'E_HTTP_SERVER', retryable: true };
  const message = messageOf(body);
  return new YardstickError(
    kind.code,
    `${host} sent an error mid-stream: ${type}${message === undefined ? '' : `: ${message}`}`,
    { retryable: kind.retryable },
  );
};
