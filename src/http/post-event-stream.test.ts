import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../testing/fake-server.js';
import { type EventStreamMessage, encodeEventStreamMessage } from './aws-event-stream.js';
import { postEventStream } from './post-event-stream.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const secret = 'session-token-abcdef-123456';
const frame = (type: string, body: string) =>
  encodeEventStreamMessage({ ':event-type': type, ':message-type': 'event' }, body);
const frames = [frame('a', '{"n":1}'), frame('b', '{"n":2}'), frame('c', `{"echo":"${secret}"}`)];
const open = () =>
  postEventStream({
    url: `${server.url}/model/m/converse-stream`,
    headers: { 'x-amz-security-token': secret },
    body: {},
  });

const collect = async (messages: AsyncIterable<EventStreamMessage>) => {
  const seen: EventStreamMessage[] = [];
  for await (const message of messages) seen.push(message);
  return seen;
};

describe('postEventStream', () => {
  it('yields the decoded messages as they arrive, with the request secrets taken out', async () => {
    server.respondWith({ eventStream: frames, delayMs: 20 });
    const seen = await collect(await open());
    expect(seen.map((message) => message.headers[':event-type'])).toEqual(['a', 'b', 'c']);
    expect(seen[2]?.body).toBe('{"echo":"[redacted]"}');
    expect(server.requests.at(-1)?.headers.accept).toBe('application/vnd.amazon.eventstream');
  });

  it('throws the mapped HTTP error before streaming', async () => {
    server.respondWith({ status: 503, json: { message: 'Service is unavailable' } });
    await expect(open()).rejects.toMatchObject({ code: 'E_HTTP_SERVER', retryable: true });
  });

  it('turns a socket dropped mid-stream into E_STREAM_CUT after the whole messages before it', async () => {
    server.respondWith({ eventStream: frames, cutAfter: 2 });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const message of await open()) seen.push(message.headers[':event-type'] ?? '');
    })();
    await expect(reading).rejects.toMatchObject({ code: 'E_STREAM_CUT', retryable: true });
    expect(seen).toEqual(['a', 'b']);
  });

  it('turns a body that closes inside a message into E_STREAM_CUT', async () => {
    const half = frames[1]?.subarray(0, 10) ?? new Uint8Array();
    server.respondWith({ eventStream: [frames[0] ?? new Uint8Array(), half] });
    await expect(collect(await open())).rejects.toMatchObject({ code: 'E_STREAM_CUT' });
  });
});
