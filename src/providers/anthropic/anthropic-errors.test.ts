import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectParts } from '../../testing/collect-parts.js';
import { type FakeServer, startFakeServer } from '../../testing/fake-server.js';
import { readJsonFixture, readSseFixture } from '../../testing/read-fixture.js';
import { AnthropicChatModel } from './anthropic-chat-model.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const model = (settings: { timeoutMs?: number; baseUrl?: string } = {}) =>
  new AnthropicChatModel({
    modelName: 'claude-3-5-haiku-latest',
    baseUrl: `${server.url}/v1`,
    apiKey: 'sk-ant-secret99',
    ...settings,
  });
const ask = { messages: [{ role: 'user' as const, content: 'Hi' }] };
const fixture = (name: string) => readJsonFixture(import.meta.url, name);

describe('Anthropic errors', () => {
  it('retries a 429 after the Retry-After delay: retryable with retryAfterMs', async () => {
    server.respondWith({ status: 429, headers: { 'retry-after': '7' }, json: fixture('error-429.json') });
    await expect(model().generate(ask)).rejects.toMatchObject({
      code: 'E_HTTP_RATE_LIMIT',
      retryable: true,
      retryAfterMs: 7000,
      message: expect.stringContaining('exceed the rate limit'),
    });
  });

  it('marks 500 and 529 overloaded as retryable server errors', async () => {
    server.respondWith({
      status: 500,
      json: { type: 'error', error: { type: 'api_error', message: 'Internal server error' } },
    });
    await expect(model().generate(ask)).rejects.toMatchObject({ code: 'E_HTTP_SERVER', retryable: true });
    server.respondWith({ status: 529, json: fixture('error-529.json') });
    await expect(model().generate(ask)).rejects.toMatchObject({
      code: 'E_HTTP_SERVER',
      retryable: true,
      message: expect.stringContaining('Overloaded'),
    });
  });

  it('maps 401 to E_HTTP_AUTH with the provider message and never the key', async () => {
    server.respondWith({ status: 401, json: fixture('error-401.json') });
    const error = (await model()
      .generate(ask)
      .catch((caught: unknown) => caught)) as Error & { code: string };
    expect(error.code).toBe('E_HTTP_AUTH');
    expect(error.message).toContain('invalid x-api-key');
    expect(error.message).not.toContain('sk-ant-secret99');
  });

  it('times out a server that never answers with E_TIMEOUT', async () => {
    server.respondWith({ hang: true });
    await expect(model({ timeoutMs: 100 }).generate(ask)).rejects.toMatchObject({
      code: 'E_TIMEOUT',
      retryable: true,
    });
  });

  it('rejects a body that is not JSON with E_MALFORMED_RESPONSE', async () => {
    server.respondWith({ status: 200, raw: 'upstream connect error', contentType: 'text/plain' });
    await expect(model().generate(ask)).rejects.toMatchObject({ code: 'E_MALFORMED_RESPONSE' });
  });

  it('reports a stream whose socket drops mid-way as E_STREAM_CUT', async () => {
    server.respondWith({ sse: readSseFixture(import.meta.url, 'stream-text.sse'), cutAfter: 4 });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({ code: 'E_STREAM_CUT' });
  });

  it('reports a stream that closes without message_stop as E_STREAM_CUT', async () => {
    server.respondWith({ sse: readSseFixture(import.meta.url, 'stream-text.sse').slice(0, -1) });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({
      code: 'E_STREAM_CUT',
      message: expect.stringContaining('stream ended before the model finished'),
    });
  });

  it('maps an overloaded_error event to a retryable E_HTTP_SERVER', async () => {
    server.respondWith({ sse: readSseFixture(import.meta.url, 'stream-overloaded.sse') });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({
      code: 'E_HTTP_SERVER',
      retryable: true,
      message: expect.stringContaining('Overloaded'),
    });
  });

  it('rejects a stream event that is not JSON with E_MALFORMED_RESPONSE', async () => {
    server.respondWith({ sse: ['event: message_start\ndata: {not json\n\n'] });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({ code: 'E_MALFORMED_RESPONSE' });
  });

  it('reports a server that is not running as E_UNAVAILABLE', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await expect(model({ baseUrl: `http://127.0.0.1:${port}/v1` }).generate(ask)).rejects.toMatchObject({
      code: 'E_UNAVAILABLE',
    });
  });
});
