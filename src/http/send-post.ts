// The single outbound request: JSON body over the keep-alive transport, timeout and caller abort combined into one signal.
import { startDeadline } from '../async/deadline.js';
import { YardstickError } from '../spec/errors.js';
import {
  type FetchErrorContext,
  type HttpStatusErrorInput,
  mapFetchError,
  mapHttpStatusError,
} from './map-http-error.js';
import { defaultTransport, type HttpResponse, type Transport } from './transport.js';

export interface PostInput {
  url: string;
  headers?: Record<string, string | undefined>;
  body: unknown;
  /** Whole-call timeout in milliseconds, including reading the body. */
  timeoutMs?: number;
  abortSignal?: AbortSignal;
  /** Injectable for tests; defaults to undici's keep-alive pools. */
  transport?: Transport;
  /**
   * Signs the exact bytes about to be sent (AWS SigV4) and returns the headers to add; runs once per attempt,
   * so a retried call carries a fresh date. The headers it adds are not secrets as a whole (an Authorization
   * header of a signature is mostly public words); what in them is secret it names in `secrets`.
   */
  sign?: (request: SignableRequest) => Promise<SignedHeaders>;
  /** Refines the error of a non-2xx answer with what only this provider's error body says (retry delays, causes). */
  mapStatusError?: StatusErrorMapper;
}

export interface SignedHeaders {
  headers: Record<string, string>;
  /** Values that must never be shown: the key id, the signature, a session token. */
  secrets: string[];
}

export interface SignableRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Gets the generic mapping and the raw answer (its secrets not yet redacted: redact what you quote). */
export type StatusErrorMapper = (mapped: YardstickError, response: HttpStatusErrorInput) => YardstickError;

export interface SentPost {
  response: HttpResponse;
  /** Everything needed to map a later body-read failure the same way. */
  context: FetchErrorContext;
  secrets: string[];
  /** Stops the timeout; call it once the body is read or abandoned. */
  release(): void;
  mapStatusError: StatusErrorMapper | undefined;
}

/** The headers to send, after `content-type`: a new object, so the caller's (often kept per model) is never changed. */
const withHeaders = (
  result: Record<string, string>,
  headers: Record<string, string | undefined> | undefined,
): Record<string, string> => {
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) result[name] = value;
  }
  return result;
};

// Headers that never hold a secret; every other header value (keys, `${env:…}` headers) is treated as one.
const plainHeaders = new Set([
  'content-type',
  'accept',
  'anthropic-version',
  'anthropic-beta',
  'user-agent',
  'x-amz-date',
  'x-amz-content-sha256',
]);
const secretQuery = /key|token|secret|signature|sig|auth|password/i;

const decoded = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** What an error message must never show: header values, and credentials a base URL carries. */
const secretsOf = (headers: Record<string, string>, url: string): string[] => {
  // `Bearer <key>`: the key is the secret (redacting it leaves `Bearer [redacted]`), wherever it is echoed
  const secrets = new Set(
    Object.entries(headers)
      .filter(([name]) => !plainHeaders.has(name.toLowerCase()))
      .map(([, value]) => value.replace(/^(Bearer|Basic|Token)\s+/i, '')),
  );
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed !== undefined && parsed.password !== '')
    secrets.add(parsed.password).add(decoded(parsed.password));
  for (const [name, value] of parsed?.searchParams ?? []) {
    if (secretQuery.test(name)) secrets.add(value).add(encodeURIComponent(value));
  }
  return [...secrets];
};

// A provider sends the same URL and headers on every call: their secrets are worked out once (URL parsing,
// patterns), not per request. Bounded, like the transport's parsed URLs: a few targets, each one entry.
const knownSecrets = new Map<string, string[]>();
const secretsOfCached = (headers: Record<string, string>, url: string): string[] => {
  let key = url;
  for (const name in headers) key += `\u0000${name}\u0000${headers[name]}`;
  let secrets = knownSecrets.get(key);
  if (secrets === undefined) {
    secrets = secretsOf(headers, url);
    if (knownSecrets.size >= 256) knownSecrets.clear();
    knownSecrets.set(key, secrets);
  }
  return secrets;
};

export const sendPost = async (input: PostInput): Promise<SentPost> => {
  const body = JSON.stringify(input.body);
  const unsigned = withHeaders({ 'content-type': 'application/json' }, input.headers);
  const signed = await input.sign?.({ url: input.url, headers: unsigned, body });
  const headers = signed === undefined ? unsigned : { ...unsigned, ...signed.headers };
  const deadline =
    input.timeoutMs === undefined ? undefined : startDeadline(input.timeoutMs, input.abortSignal);
  const signal = deadline?.signal ?? input.abortSignal;
  const known = secretsOfCached(unsigned, input.url);
  const secrets = signed === undefined ? known : [...known, ...signed.secrets];
  const context: FetchErrorContext = {
    url: input.url,
    secrets,
    ...(deadline ? { timedOut: () => deadline.timedOut } : {}),
    abortSignal: input.abortSignal,
    timeoutMs: input.timeoutMs,
  };
  const release = (): void => deadline?.release();
  const transport = input.transport ?? defaultTransport;
  try {
    const response = await transport({ url: input.url, headers, body, signal });
    return { response, context, secrets, release, mapStatusError: input.mapStatusError };
  } catch (error) {
    release();
    throw toConfigError(error, input.url) ?? mapFetchError(error, context);
  }
};

/** Refusals of a URL or header before anything is sent: a configuration mistake, never a network error to retry. */
const configErrorCodes = new Set([
  // undici's: a header name or value it cannot send (a newline in a `${env:…}` header, `keep-alive`,
  // `transfer-encoding`, `upgrade`), and one it will not honour (`expect`)
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
  'ERR_INVALID_URL',
  'ERR_INVALID_PROTOCOL',
  'ERR_INVALID_CHAR',
  'ERR_INVALID_HTTP_TOKEN',
  'ERR_UNESCAPED_CHARACTERS',
]);

const toConfigError = (error: unknown, url: string): YardstickError | undefined => {
  const code = error instanceof Error && 'code' in error ? String(error.code) : undefined;
  if (code === undefined || !configErrorCodes.has(code)) return undefined;
  const target = URL.canParse(url) ? new URL(url).protocol : 'the URL';
  return new YardstickError('E_CONFIG', `cannot send a request (${target}): ${(error as Error).message}`, {
    cause: error,
  });
};

/** Reads the body of a non-2xx response and throws the mapped error. */
export const throwForStatus = async (sent: SentPost): Promise<void> => {
  const { response, context, secrets } = sent;
  if (response.status >= 200 && response.status < 300) return;
  let rawText = '';
  try {
    rawText = await response.text();
  } catch (error) {
    throw mapFetchError(error, context);
  }
  const answer = { status: response.status, headers: response.headers, rawText, url: context.url, secrets };
  const mapped = mapHttpStatusError(answer);
  throw sent.mapStatusError === undefined ? mapped : sent.mapStatusError(mapped, answer);
};
