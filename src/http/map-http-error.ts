// Turns HTTP statuses and fetch failures into YardstickErrors with the right code and retryability.

import { YardstickError } from '../spec/errors.js';
import { redactedExcerpt, redactSecrets } from '../spec/redact-secrets.js';
import { parseRetryAfter } from './parse-retry-after.js';
import type { ResponseHeaders } from './transport.js';

const excerptLength = 300;

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/**
 * Finds the provider's own error message in a JSON error body: OpenAI `{error:{message}}`,
 * Anthropic `{type:'error', error:{type, message}}`, Ollama `{error:'…'}`, FastAPI `{detail}`.
 */
export const extractProviderMessage = (value: unknown): string | undefined => {
  const body = asRecord(value);
  if (body === undefined) return undefined;
  const error = body.error;
  if (typeof error === 'string') return error;
  const errorRecord = asRecord(error);
  if (errorRecord !== undefined && typeof errorRecord.message === 'string') {
    return typeof errorRecord.type === 'string' && errorRecord.type !== 'error'
      ? `${errorRecord.message} (${errorRecord.type})`
      : errorRecord.message;
  }
  if (typeof body.message === 'string') return body.message;
  if (typeof body.detail === 'string') return body.detail;
  return undefined;
};

const parseJsonOrUndefined = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export interface HttpStatusErrorInput {
  status: number;
  headers: ResponseHeaders;
  rawText: string;
  url: string;
  secrets?: readonly string[];
}

export const mapHttpStatusError = (input: HttpStatusErrorInput): YardstickError => {
  const { status, headers, rawText, url } = input;
  const secrets = input.secrets ?? [];
  const providerMessage = extractProviderMessage(parseJsonOrUndefined(rawText));
  // redacted whole, then cut: cutting first could leave most of a key that the redaction no longer recognises
  const detail = redactedExcerpt(providerMessage ?? rawText.trim(), secrets, excerptLength);
  const host = safeHost(url);
  const message = `HTTP ${status} from ${host}${detail === '' ? '' : `: ${detail}`}`;
  const body = redactedExcerpt(rawText, secrets, excerptLength);
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers);
    return new YardstickError('E_HTTP_RATE_LIMIT', message, { retryable: true, retryAfterMs, status, body });
  }
  if (status >= 500 || status === 408 || status === 409) {
    const retryAfterMs = parseRetryAfter(headers);
    return new YardstickError('E_HTTP_SERVER', message, { retryable: true, retryAfterMs, status, body });
  }
  if (status === 401 || status === 403) {
    return new YardstickError('E_HTTP_AUTH', message, { status, body });
  }
  return new YardstickError('E_HTTP_CLIENT', message, { status, body });
};

export const safeHost = (url: string): string => {
  try {
    const parsed = new URL(url);
    const port = parsed.port === '' ? (parsed.protocol === 'https:' ? '443' : '80') : parsed.port;
    return `${parsed.hostname}:${port}`;
  } catch {
    return 'the server';
  }
};

const unreachableCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Collects `code` values from an error, its cause chain and AggregateError members. */
export const errorCodes = (error: unknown, depth = 0): string[] => {
  const record = asRecord(error);
  if (record === undefined || depth > 5) return [];
  const codes = typeof record.code === 'string' ? [record.code] : [];
  if (Array.isArray(record.errors)) {
    for (const inner of record.errors) codes.push(...errorCodes(inner, depth + 1));
  }
  codes.push(...errorCodes(record.cause, depth + 1));
  return codes;
};

export interface FetchErrorContext {
  url: string;
  /** Header values and URL credentials of the request, kept out of error messages. */
  secrets?: readonly string[];
  /** Whether the request's own timeout fired. */
  timedOut?: () => boolean;
  abortSignal?: AbortSignal;
  timeoutMs?: number;
}

const isTimeoutReason = (reason: unknown): boolean =>
  reason instanceof Error && (reason.name === 'TimeoutError' || errorCodes(reason).includes('E_TIMEOUT'));

/** Maps an error thrown by fetch (or while reading its body) to a YardstickError. */
export const mapFetchError = (error: unknown, context: FetchErrorContext): YardstickError => {
  if (error instanceof YardstickError) return error;
  const { abortSignal, timedOut } = context;
  // A caller signal aborted by AbortSignal.timeout counts as a timeout, any other abort as cancellation.
  if (abortSignal?.aborted === true && !isTimeoutReason(abortSignal.reason)) {
    return new YardstickError('E_ABORTED', 'the call was aborted', { cause: error });
  }
  if (timedOut?.() === true || abortSignal?.aborted === true) {
    const after = context.timeoutMs === undefined ? '' : ` after ${context.timeoutMs} ms`;
    return new YardstickError('E_TIMEOUT', `${safeHost(context.url)} did not answer${after}`, {
      retryable: true,
      cause: error,
    });
  }
  const codes = errorCodes(error);
  const unreachable = codes.find((code) => unreachableCodes.has(code));
  if (unreachable !== undefined) {
    return new YardstickError(
      'E_UNAVAILABLE',
      `${safeHost(context.url)} is not reachable (${unreachable}); is the server running and the base URL right?`,
      { cause: error },
    );
  }
  const reason =
    codes[0] ?? redactSecrets(error instanceof Error ? error.message : String(error), context.secrets ?? []);
  return new YardstickError('E_NETWORK', `network error talking to ${safeHost(context.url)}: ${reason}`, {
    retryable: true,
    cause: error,
  });
};
