import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../testing/fake-server.js';
import { postStream } from './post-stream.js';
import type { SseEvent } from './sse.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const collect = async (events: AsyncIterable<SseEvent>): Promise<SseEvent[]> => {
  const result: SseEvent[] = [];
  for await (const event of events) result.push(event);
  return result;
};

const stream = () => postStream({ url: `${server.url}/v1/stream`, body: { stream: true } });

describe('postStream', () => {
  it('yields the events and asks for an event stream', async () => {
    server.respondWith({ sse: ['event: a\ndata: 1\n\n', 'data: 2\n\n'] });
    expect(await collect(await stream())).toEqual([{ event: 'a', data: '1' }, { data: '2' }]);
    expect(server.requests.at(-1)?.headers.accept).toBe('text/event-stream');
  });

  it('throws the mapped HTTP error before streaming', async () => {
    server.respondWith({
      status: 429,
      headers: { 'retry-after-ms': '40' },
      json: { error: { message: 'busy' } },
    });
    await expect(stream()).rejects.toMatchObject({ code: 'E_HTTP_RATE_LIMIT', retryAfterMs: 40 });
  });

  it('turns a socket dropped mid-stream into E_STREAM_CUT', async () => {
    server.respondWith({ sse: ['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n'], cutAfter: 2 });
    const seen: SseEvent[] = [];
    const reading = (async () => {
      for await (const event of await stream()) seen.push(event);
    })();
    await expect(reading).rejects.toMatchObject({ code: 'E_STREAM_CUT', retryable: true });
    expect(seen).toEqual([{ data: '1' }, { data: '2' }]);
  });

  it('redacts a key that an error event mid-stream echoes', async () => {
    const key = 'sk-ant-api03-streamed-secret-0123456789';
    server.respondWith({
      sse: [
        'data: {"type":"ping"}\n\n',
        `event: error\ndata: {"type":"error","error":{"message":"bad key ${key.slice(0, 20)}"}}\n\n`,
      ],
    });
    const events = await collect(
      await postStream({ url: `${server.url}/v1/stream`, headers: { 'x-api-key': key }, body: {} }),
    );
    expect(events[1]?.data).toBe('{"type":"error","error":{"message":"bad key [redacted]"}}');
  });

  it('names only the host of a URL whose stream broke, not its query string', async () => {
    server.respondWith({ sse: ['data: 1\n\n', 'data: 2\n\n'], cutAfter: 1 });
    const reading = collect(
      await postStream({ url: `${server.url}/v1/stream?key=secret-in-url-123`, body: {} }),
    );
    const error = (await reading.catch((caught: unknown) => caught)) as Error;
    expect(error.message).toMatch(/the stream from 127\.0\.0\.1:\d+ broke/);
    expect(error.message).not.toContain('secret-in-url');
  });

  it('releases the connection when the consumer stops early', async () => {
    server.respondWith({ sse: ['data: 1\n\n', 'data: 2\n\n'], delayMs: 200 });
    for await (const event of await stream()) {
      expect(event.data).toBe('1');
      break;
    }
    server.respondWith({ sse: ['data: ok\n\n'] });
    expect(await collect(await stream())).toEqual([{ data: 'ok' }]);
  });
});
