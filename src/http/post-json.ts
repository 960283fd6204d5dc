// POSTs JSON and parses a JSON answer in one attempt; every failure becomes a typed YardstickError.
import { YardstickError } from '../spec/errors.js';
import { excerpt, mapFetchError, redactSecrets, safeHost } from './map-http-error.js';
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
  let value: unknown;
  try {
    value = JSON.parse(rawText);
  } catch (error) {
    const body = redactSecrets(excerpt(rawText, 200), secrets);
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
