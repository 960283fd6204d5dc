// POSTs JSON and yields the AWS event-stream messages of the answer (Bedrock's ConverseStream); a socket error or
// a body that ends inside a message becomes E_STREAM_CUT, like a cut SSE stream.
import { YardstickError } from '../spec/errors.js';
import { redactSecrets } from '../spec/redact-secrets.js';
import { EventStreamDecoder, type EventStreamMessage } from './aws-event-stream.js';
import { mapFetchError, safeHost } from './map-http-error.js';
import { type PostInput, type SentPost, sendPost, throwForStatus } from './send-post.js';

/** Resolves once the status is checked (non-2xx throws the same errors as postJson), then streams messages. */
export const postEventStream = async (input: PostInput): Promise<AsyncIterable<EventStreamMessage>> => {
  const sent = await sendPost({
    ...input,
    headers: { accept: 'application/vnd.amazon.eventstream', ...input.headers },
  });
  try {
    await throwForStatus(sent);
    if (sent.response.bytes === undefined) {
      throw new YardstickError('E_INTERNAL', 'this transport cannot read binary response bodies');
    }
  } catch (error) {
    sent.release();
    throw error;
  }
  return readMessages(sent);
};

/** An exception message mid-stream may echo a header value: the request's secrets are taken out. */
const redacted = (messages: EventStreamMessage[], secrets: readonly string[]): EventStreamMessage[] => {
  for (const message of messages) message.body = redactSecrets(message.body, secrets);
  return messages;
};

async function* readMessages(sent: SentPost): AsyncGenerator<EventStreamMessage> {
  const { response, context, secrets } = sent;
  const decoder = new EventStreamDecoder();
  let finished = false;
  try {
    try {
      for await (const chunk of response.bytes?.() ?? []) yield* redacted(decoder.push(chunk), secrets);
    } catch (error) {
      if (error instanceof YardstickError) throw error;
      const mapped = mapFetchError(error, context);
      if (mapped.code === 'E_ABORTED' || mapped.code === 'E_TIMEOUT') throw mapped;
      throw new YardstickError(
        'E_STREAM_CUT',
        `the stream from ${safeHost(context.url)} broke: ${mapped.message}`,
        { retryable: true, cause: error },
      );
    }
    finished = true;
    decoder.end();
  } finally {
    if (!finished) response.cancel();
    sent.release();
  }
}
