// The single outbound request: JSON body over the keep-alive transport, timeout and caller abort combined into one signal.
import { startDeadline } from '../async/deadline.js';
import { type FetchErrorContext, mapFetchError, mapHttpStatusError } from './map-http-error.js';
import { type HttpResponse, nodeTransport, type Transport } from './transport.js';

export interface PostInput {
  url: string;
  headers?: Record<string, string | undefined>;
  body: unknown;
  /** Whole-call timeout in milliseconds, including reading the body. */
  timeoutMs?: number;
  abortSignal?: AbortSignal;
  /** Injectable for tests; defaults to node:http with keep-alive. */
  transport?: Transport;
}

export interface SentPost {
  response: HttpResponse;
  /** Everything needed to map a later body-read failure the same way. */
  context: FetchErrorContext;
  secrets: string[];
  /** Stops the timeout; call it once the body is read or abandoned. */
  release(): void;
}

const cleanHeaders = (headers: Record<string, string | undefined> | undefined): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) result[name] = value;
  return result;
};

const secretsOf = (headers: Record<string, string>): string[] =>
  Object.entries(headers)
    .filter(([name]) => name.toLowerCase() !== 'content-type' && name.toLowerCase() !== 'accept')
    // `Bearer <key>`: the key alone may be echoed back by the provider, so redact it too.
    .flatMap(([, value]) => [value, value.replace(/^(Bearer|Basic|Token)\s+/i, '')]);

export const sendPost = async (input: PostInput): Promise<SentPost> => {
  const headers = { 'content-type': 'application/json', ...cleanHeaders(input.headers) };
  const deadline =
    input.timeoutMs === undefined ? undefined : startDeadline(input.timeoutMs, input.abortSignal);
  const signal = deadline?.signal ?? input.abortSignal;
  const context: FetchErrorContext = {
    url: input.url,
    ...(deadline ? { timedOut: () => deadline.timedOut } : {}),
    abortSignal: input.abortSignal,
    timeoutMs: input.timeoutMs,
  };
  const release = (): void => deadline?.release();
  const transport = input.transport ?? nodeTransport;
  try {
    const response = await transport({ url: input.url, headers, body: JSON.stringify(input.body), signal });
    return { response, context, secrets: secretsOf(headers), release };
  } catch (error) {
    release();
    throw mapFetchError(error, context);
  }
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
  throw mapHttpStatusError({
    status: response.status,
    headers: response.headers,
    rawText,
    url: context.url,
    secrets,
  });
};
