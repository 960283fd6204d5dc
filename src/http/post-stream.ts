// POSTs JSON and yields the server-sent events of the answer; a socket error mid-stream becomes E_STREAM_CUT.
import { YardstickError } from '../spec/errors.js';
import { redactSecrets } from '../spec/redact-secrets.js';
import { mapFetchError, safeHost } from './map-http-error.js';
import { type PostInput, type SentPost, sendPost, throwForStatus } from './send-post.js';
import { type SseEvent, SseParser } from './sse.js';

/** Resolves once the status is checked (non-2xx throws the same errors as postJson), then streams events. */
export const postStream = async (input: PostInput): Promise<AsyncIterable<SseEvent>> => {
  const sent = await sendPost({
    ...input,
    headers: { accept: 'text/event-stream', ...input.headers },
  });
  try {
    await throwForStatus(sent);
  } catch (error) {
    sent.release();
    throw error;
  }
  return readEvents(sent);
};

/** The events with the request's secrets taken out: an error event mid-stream may echo the key. */
const redacted = (events: SseEvent[], secrets: readonly string[]): SseEvent[] => {
  for (const event of events) event.data = redactSecrets(event.data, secrets);
  return events;
};

async function* readEvents(sent: SentPost): AsyncGenerator<SseEvent> {
  const { response, context, secrets } = sent;
  const parser = new SseParser();
  let finished = false;
  try {
    try {
      for await (const chunk of response.chunks()) yield* redacted(parser.push(chunk), secrets);
    } catch (error) {
      const mapped = mapFetchError(error, context);
      // an answer over the size limit is not a broken stream: trying again would only fetch it again
      if (
        mapped.code === 'E_ABORTED' ||
        mapped.code === 'E_TIMEOUT' ||
        mapped.code === 'E_MALFORMED_RESPONSE'
      )
        throw mapped;
      throw new YardstickError(
        'E_STREAM_CUT',
        `the stream from ${safeHost(context.url)} broke: ${mapped.message}`,
        {
          retryable: true,
          cause: error,
        },
      );
    }
    finished = true;
    yield* redacted(parser.end(), secrets);
  } finally {
    // The consumer stopped early (break, throw): release the connection.
    if (!finished) response.cancel();
    sent.release();
  }
}
