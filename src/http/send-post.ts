// The single outbound request: JSON body, keep-alive global fetch, timeout and caller abort combined into one signal.
import { type FetchErrorContext, mapFetchError, mapHttpStatusError } from './map-http-error.js';

export interface PostInput {
  url: string;
  headers?: Record<string, string | undefined>;
  body: unknown;
  /** Whole-call timeout in milliseconds, including reading the body. */
  timeoutMs?: number;
  abortSignal?: AbortSignal;
  /** Injectable for tests; defaults to the global fetch (keep-alive by default in Node). */
  fetch?: typeof fetch;
}

export interface SentPost {
  response: Response;
  /** Everything needed to map a later body-read failure the same way. */
  context: FetchErrorContext;
  secrets: string[];
}

const cleanHeaders = (headers: Record<string, string | undefined> | undefined): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) result[name] = value;
  return result;
};

export const sendPost = async (input: PostInput): Promise<SentPost> => {
  const headers = { 'content-type': 'application/json', ...cleanHeaders(input.headers) };
  const secrets = Object.entries(headers)
    .filter(([name]) => name.toLowerCase() !== 'content-type' && name.toLowerCase() !== 'accept')
    // `Bearer <key>`: the key alone may be echoed back by the provider, so redact it too.
    .flatMap(([, value]) => [value, value.replace(/^(Bearer|Basic|Token)\s+/i, '')]);
  const timeoutSignal = input.timeoutMs === undefined ? undefined : AbortSignal.timeout(input.timeoutMs);
  const signals = [timeoutSignal, input.abortSignal].filter((signal) => signal !== undefined);
  const context: FetchErrorContext = {
    url: input.url,
    timeoutSignal,
    abortSignal: input.abortSignal,
    timeoutMs: input.timeoutMs,
  };
  const fetchFunction = input.fetch ?? globalThis.fetch;
  try {
    const response = await fetchFunction(input.url, {
      method: 'POST',
      headers,
      body: JSON.stringify(input.body),
      signal: signals.length === 0 ? undefined : AbortSignal.any(signals),
    });
    return { response, context, secrets };
  } catch (error) {
    throw mapFetchError(error, context);
  }
};

/** Reads the body of a non-2xx response and throws the mapped error. */
export const throwForStatus = async (sent: SentPost): Promise<void> => {
  const { response, context, secrets } = sent;
  if (response.ok) return;
  let rawText = '';
  try {
    rawText = await response.text();
  } catch (error) {
    throw mapFetchError(error, context);
  }
  throw mapHttpStatusError({
    status: response.status,
    headers: response.headers,
    rawText,
    url: context.url,
    secrets,
  });
};
