import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzSeed } from '../testing/fuzz-seed.js';
import { EventStreamDecoder, encodeEventStreamMessage } from './aws-event-stream.js';

const event = (type: string, body: unknown) =>
  encodeEventStreamMessage(
    { ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' },
    JSON.stringify(body),
  );

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

const stream = [
  event('messageStart', { role: 'assistant' }),
  event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Grüße, 東京 🚀' } }),
  event('messageStop', { stopReason: 'end_turn' }),
];

describe('EventStreamDecoder', () => {
  it('decodes each message with its string headers and UTF-8 payload', () => {
    const decoder = new EventStreamDecoder();
    const messages = decoder.push(concat(stream));
    decoder.end();
    expect(messages.map((message) => message.headers[':event-type'])).toEqual([
      'messageStart',
      'contentBlockDelta',
      'messageStop',
    ]);
    expect(messages[1]?.headers[':message-type']).toBe('event');
    expect(JSON.parse(messages[1]?.body ?? '')).toEqual({
      contentBlockIndex: 0,
      delta: { text: 'Grüße, 東京 🚀' },
    });
  });

  it('gives the same messages however the bytes are cut into chunks', () => {
    const bytes = concat(stream);
    const whole = new EventStreamDecoder().push(bytes);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }),
        (cuts) => {
          const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
          const decoder = new EventStreamDecoder();
          const messages = points
            .slice(1)
            .flatMap((end, index) => decoder.push(bytes.subarray(points[index], end)));
          decoder.end();
          expect(messages).toEqual(whole);
        },
      ),
      { seed: fuzzSeed(20_261_129), numRuns: 300 },
    );
  });

  it('says a body that ends inside a message was cut', () => {
    const decoder = new EventStreamDecoder();
    const bytes = concat(stream);
    expect(decoder.push(bytes.subarray(0, bytes.length - 5))).toHaveLength(2);
    expect(() => decoder.end()).toThrow(expect.objectContaining({ code: 'E_STREAM_CUT', retryable: true }));
  });

  it('rejects a message whose checksum does not match as malformed', () => {
    const corrupt = event('messageStop', { stopReason: 'end_turn' });
    const at = corrupt.length - 10;
    corrupt[at] = (corrupt[at] ?? 0) ^ 0xff;
    expect(() => new EventStreamDecoder().push(corrupt)).toThrow(
      expect.objectContaining({ code: 'E_MALFORMED_RESPONSE' }),
    );
  });

  it('rejects an impossible length at once rather than waiting for gigabytes', () => {
    const html = new TextEncoder().encode('<html><body>Bad gateway</body></html>');
    expect(() => new EventStreamDecoder().push(html)).toThrow(
      expect.objectContaining({
        code: 'E_MALFORMED_RESPONSE',
        message: expect.stringContaining('cannot be'),
      }),
    );
  });
});
