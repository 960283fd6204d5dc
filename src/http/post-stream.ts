// POSTs JSON and yields the server-sent events of the answer; a socket error mid-stream becomes E_STREAM_CUT.
import { YardstickError } from '../spec/errors.js';
import { mapFetchError } from './map-http-error.js';
import { type PostInput, type SentPost, sendPost, throwForStatus } from './send-post.js';
import { type SseEvent, SseParser } from './sse.js';

/** Resolves once the status is checked (non-2xx throws the same errors as postJson), then streams events. */
export const postStream = async (input: PostInput): Promise<AsyncIterable<SseEvent>> => {
  const sent = await sendPost({
    ...input,
    headers: { accept: 'text/event-stream', ...input.headers },
  });
  await throwForStatus(sent);
  return readEvents(sent);
};

async function* readEvents(sent: SentPost): AsyncGenerator<SseEvent> {
  const { response, context } = sent;
  if (response.body === null) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  let finished = false;
  try {
    while (true) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        const mapped = mapFetchError(error, context);
        if (mapped.code === 'E_ABORTED' || mapped.code === 'E_TIMEOUT') throw mapped;
        throw new YardstickError('E_STREAM_CUT', `the stream from ${context.url} broke: ${mapped.message}`, {
          retryable: true,
          cause: error,
        });
      }
      if (chunk.done) break;
      yield* parser.push(decoder.decode(chunk.value, { stream: true }));
    }
    finished = true;
    yield* parser.push(decoder.decode());
    yield* parser.end();
  } finally {
    // The consumer stopped early (break, throw): release the connection.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
