// AWS event-stream framing (Bedrock's ConverseStream): splits the byte stream into messages by their length
// prelude and decodes each with the SDK's own codec, which checks both CRCs and parses the typed headers.
import { createRequire } from 'node:module';
import type { EventStreamCodec } from '@smithy/core/event-streams';
import { YardstickError } from '../spec/errors.js';

export interface EventStreamMessage {
  /** Header values as text (`:event-type`, `:message-type`, `:exception-type`, …). */
  headers: Record<string, string>;
  /** The payload decoded as UTF-8 (JSON for Bedrock). */
  body: string;
}

const preludeLength = 12;
const trailerLength = 4;
// AWS caps a message at 16 MiB of payload and 128 KiB of headers; a larger prelude is corruption, and trusting
// it would buffer gigabytes waiting for bytes that never come.
const maxMessageLength = 16 * 1024 * 1024 + 128 * 1024 + preludeLength + trailerLength;

const decoder = new TextDecoder();
const encoder = new TextEncoder();
// Loaded on the first Bedrock stream, not with the providers: the SDK's modules cost every command about 10 MB of
// memory and 25 ms at start, and most runs never call Bedrock. Node resolves this package to its CommonJS build
// either way, so requiring it is loading the same code.
const require = createRequire(import.meta.url);
let loaded: EventStreamCodec | undefined;
const codecNow = (): EventStreamCodec => {
  if (loaded === undefined) {
    const { EventStreamCodec: Codec } =
      require('@smithy/core/event-streams') as typeof import('@smithy/core/event-streams');
    loaded = new Codec(
      (bytes) => decoder.decode(bytes),
      (text) => encoder.encode(text),
    );
  }
  return loaded;
};

const headerText = (value: { type: string; value: unknown }): string =>
  value.value instanceof Uint8Array ? decoder.decode(value.value) : String(value.value);

const decodeMessage = (frame: Uint8Array): EventStreamMessage => {
  let message: ReturnType<EventStreamCodec['decode']>;
  try {
    message = codecNow().decode(frame);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new YardstickError('E_MALFORMED_RESPONSE', `corrupt event-stream message: ${reason}`, {
      cause: error,
    });
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) headers[name] = headerText(value);
  return { headers, body: decoder.decode(message.body) };
};

/** Incremental splitter: feed bytes with `push`, call `end` when the body is complete. */
export class EventStreamDecoder {
  private buffer = new Uint8Array(0);

  push(chunk: Uint8Array): EventStreamMessage[] {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    const messages: EventStreamMessage[] = [];
    let offset = 0;
    while (joined.length - offset >= 4) {
      const view = new DataView(joined.buffer, joined.byteOffset + offset, 4);
      const total = view.getUint32(0, false);
      if (total < preludeLength + trailerLength || total > maxMessageLength) {
        throw new YardstickError(
          'E_MALFORMED_RESPONSE',
          `corrupt event-stream message: a message cannot be ${total} bytes long`,
        );
      }
      if (joined.length - offset < total) break;
      messages.push(decodeMessage(joined.subarray(offset, offset + total)));
      offset += total;
    }
    this.buffer = joined.slice(offset);
    return messages;
  }

  /** Throws when the body ended inside a message: the server closed a stream it had not finished. */
  end(): void {
    if (this.buffer.length > 0) {
      throw new YardstickError(
        'E_STREAM_CUT',
        `event stream ended inside a message (${this.buffer.length} bytes of it arrived)`,
        { retryable: true },
      );
    }
  }
}

/**
 * Encodes messages in the same framing; the fake Bedrock server uses it to answer like the real one.
 * @example encodeEventStreamMessage({ ':event-type': 'messageStart', ':message-type': 'event' }, '{"role":"assistant"}')
 */
export const encodeEventStreamMessage = (headers: Record<string, string>, body: string): Uint8Array =>
  codecNow().encode({
    headers: Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name, { type: 'string' as const, value }]),
    ),
    body: encoder.encode(body),
  });
