import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectParts } from '../../testing/collect-parts.js';
import { type FakeServer, openaiChatStream, startFakeServer } from '../../testing/fake-server.js';
import { readJsonFixture, readSseFixture } from '../../testing/read-fixture.js';
import { OpenAIChatModel } from './openai-chat-model.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const model = (settings: { timeoutMs?: number; baseUrl?: string } = {}) =>
  new OpenAIChatModel({
    modelName: 'gpt-4o-mini',
    baseUrl: `${server.url}/v1`,
    apiKey: 'sk-live-abcdef123456',
    ...settings,
  });
const ask = { messages: [{ role: 'user' as const, content: 'Hi' }] };
const streamFrames = () => readSseFixture(import.meta.url, 'chat-stream-text.sse');

describe('OpenAI errors', () => {
  it('retries a 429 after the Retry-After delay: retryable with retryAfterMs', async () => {
    server.respondWith({
      status: 429,
      headers: { 'retry-after': '2' },
      json: readJsonFixture(import.meta.url, 'error-429.json'),
    });
    await expect(model().generate(ask)).rejects.toMatchObject({
      code: 'E_HTTP_RATE_LIMIT',
      retryable: true,
      retryAfterMs: 2000,
      message: expect.stringContaining('Rate limit reached for gpt-4o-mini'),
    });
  });

  it('marks a 500 as a retryable server error', async () => {
    server.respondWith({ status: 500, json: readJsonFixture(import.meta.url, 'error-500.json') });
    await expect(model().generate(ask)).rejects.toMatchObject({
      code: 'E_HTTP_SERVER',
      retryable: true,
      status: 500,
    });
  });

  it('maps 401 to E_HTTP_AUTH with the provider message and never the key', async () => {
    server.respondWith({ status: 401, json: readJsonFixture(import.meta.url, 'error-401.json') });
    const error = (await model()
      .generate(ask)
      .catch((caught: unknown) => caught)) as Error & { code: string };
    expect(error.code).toBe('E_HTTP_AUTH');
    expect(error.message).toContain('Incorrect API key provided');
    expect(error.message).not.toContain('sk-live-abcdef123456');
  });

  it('times out a server that never answers with E_TIMEOUT', async () => {
    server.respondWith({ hang: true });
    await expect(model({ timeoutMs: 100 }).generate(ask)).rejects.toMatchObject({
      code: 'E_TIMEOUT',
      retryable: true,
    });
    await expect(model().generate({ ...ask, abortSignal: AbortSignal.timeout(100) })).rejects.toMatchObject({
      code: 'E_TIMEOUT',
    });
  });

  it('rejects a body that is not JSON with E_MALFORMED_RESPONSE', async () => {
    server.respondWith({
      status: 200,
      raw: '{"id": "chatcmpl-1", "choices": [',
      contentType: 'application/json',
    });
    await expect(model().generate(ask)).rejects.toMatchObject({ code: 'E_MALFORMED_RESPONSE' });
  });

  it('rejects JSON of the wrong shape with E_MALFORMED_RESPONSE', async () => {
    server.respondWith({ status: 200, json: { object: 'list', data: [] } });
    await expect(model().generate(ask)).rejects.toMatchObject({ code: 'E_MALFORMED_RESPONSE' });
  });

  it('reports a stream whose socket drops mid-way as E_STREAM_CUT', async () => {
    server.respondWith({ sse: streamFrames(), cutAfter: 3 });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({
      code: 'E_STREAM_CUT',
      retryable: true,
    });
  });

  it('reports a stream that closes without [DONE] or a finish reason as E_STREAM_CUT', async () => {
    server.respondWith({ sse: streamFrames().slice(0, 4) });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({
      code: 'E_STREAM_CUT',
      message: expect.stringContaining('stream ended before the model finished'),
    });
  });

  it('accepts a stream that has a finish reason but no [DONE]', async () => {
    server.respondWith({ sse: openaiChatStream({ content: 'ok' }).slice(0, -1) });
    const collected = await collectParts(model().stream(ask));
    expect(collected.finish?.finishReason.unified).toBe('stop');
  });

  it('rejects a stream chunk that is not JSON with E_MALFORMED_RESPONSE', async () => {
    server.respondWith({ sse: [...streamFrames().slice(0, 2), 'data: {"id": oops\n\n'] });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({ code: 'E_MALFORMED_RESPONSE' });
  });

  it('maps an error object inside the stream', async () => {
    const errorFrame = `data: ${JSON.stringify({ error: { message: 'The server is overloaded', type: 'server_error', code: null } })}\n\n`;
    server.respondWith({ sse: [...streamFrames().slice(0, 2), errorFrame] });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({
      code: 'E_HTTP_SERVER',
      retryable: true,
      message: expect.stringContaining('The server is overloaded'),
    });
  });

  it('checks the status before streaming', async () => {
    server.respondWith({ status: 401, json: readJsonFixture(import.meta.url, 'error-401.json') });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({ code: 'E_HTTP_AUTH' });
  });

  it('reports a server that is not running as E_UNAVAILABLE with host and port', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await expect(model({ baseUrl: `http://127.0.0.1:${port}/v1` }).generate(ask)).rejects.toMatchObject({
      code: 'E_UNAVAILABLE',
      message: expect.stringContaining(`127.0.0.1:${port} is not reachable`),
    });
  });
});
