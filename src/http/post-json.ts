// POSTs JSON and parses a JSON answer in one attempt; every failure becomes a typed YardstickError.
import { YardstickError } from '../spec/errors.js';
import { redactedExcerpt, redactSecrets } from '../spec/redact-secrets.js';
import { mapFetchError, safeHost } from './map-http-error.js';
import { type PostInput, sendPost, throwForStatus } from './send-post.js';
import type { ResponseHeaders } from './transport.js';

export interface PostJsonResult {
  status: number;
  headers: ResponseHeaders;
  value: unknown;
  rawText: string;
}

/**
 * @example
 * const { value } = await postJson({ url: `${baseUrl}/chat/completions`, headers, body, timeoutMs: 60_000 });
 */
export const postJson = async (input: PostInput): Promise<PostJsonResult> => {
  const sent = await sendPost(input);
  const { response, context, secrets } = sent;
  let rawText: string;
  try {
    await throwForStatus(sent);
    rawText = await response.text();
  } catch (error) {
    throw mapFetchError(error, context);
  } finally {
    sent.release();
  }
  // An answer that echoes the key (some servers put it in a 200 error object) must not carry it into results,
  // traces or the excerpt of a schema error; a key holds no JSON syntax, so redacting the text keeps it JSON.
  rawText = redactSecrets(rawText, secrets);
  let value: unknown;
  try {
    value = JSON.parse(rawText);
  } catch (error) {
    const body = redactedExcerpt(rawText, secrets, 200);
    throw new YardstickError(
      'E_MALFORMED_RESPONSE',
      `response from ${safeHost(input.url)} is not JSON: ${body}`,
      {
        status: response.status,
        body,
        cause: error,
      },
    );
  }
  return { status: response.status, headers: response.headers, value, rawText };
};
