import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectParts } from '../../testing/collect-parts.js';
import { type FakeServer, startFakeServer } from '../../testing/fake-server.js';
import { readJsonFixture, readSseFixture } from '../../testing/read-fixture.js';
import { GoogleChatModel } from './google-chat-model.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const secretKey = 'AIzaSyD-secret-key-4f9x2';
const model = (settings: { timeoutMs?: number } = {}) =>
  new GoogleChatModel({
    modelName: 'gemini-2.5-flash',
    baseUrl: `${server.url}/v1beta`,
    apiKey: secretKey,
    ...settings,
  });
const ask = { messages: [{ role: 'user' as const, content: 'Hi' }] };
const fixture = (name: string) => readJsonFixture(import.meta.url, name);
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as Error & { code: string; retryable: boolean; retryAfterMs?: number },
  );

describe('Gemini errors', () => {
  it('maps the 400 Google answers an invalid key with to E_HTTP_AUTH, never showing the key', async () => {
    server.respondWith({ status: 400, json: fixture('error-400-api-key.json') });
    const error = await failure(model().generate(ask));
    expect(error).toMatchObject({ code: 'E_HTTP_AUTH', retryable: false, status: 400 });
    expect(error.message).toMatch(
      /^HTTP 400 from 127\.0\.0\.1:\d+: API key not valid\. .*\(INVALID_ARGUMENT\)$/,
    );
    expect(error.message).not.toContain(secretKey);
  });

  it('maps 401 UNAUTHENTICATED to E_HTTP_AUTH', async () => {
    server.respondWith({ status: 401, json: fixture('error-401.json') });
    await expect(model().generate(ask)).rejects.toMatchObject({
      code: 'E_HTTP_AUTH',
      message: expect.stringContaining('(UNAUTHENTICATED)'),
    });
  });

  it('retries a 429 RESOURCE_EXHAUSTED after the RetryInfo delay in the body', async () => {
    server.respondWith({ status: 429, json: fixture('error-429.json') });
    await expect(model().generate(ask)).rejects.toMatchObject({
      code: 'E_HTTP_RATE_LIMIT',
      retryable: true,
      retryAfterMs: 34_400,
      message: expect.stringContaining('You exceeded your current quota'),
    });
  });

  it('prefers a Retry-After header over the body delay when both are sent', async () => {
    server.respondWith({ status: 429, headers: { 'retry-after': '3' }, json: fixture('error-429.json') });
    await expect(model().generate(ask)).rejects.toMatchObject({ retryAfterMs: 3000 });
  });

  it('marks 503 UNAVAILABLE and 500 as retryable server errors', async () => {
    server.respondWith({ status: 503, json: fixture('error-503.json') });
    await expect(model().generate(ask)).rejects.toMatchObject({
      code: 'E_HTTP_SERVER',
      retryable: true,
      message: expect.stringContaining('The model is overloaded. Please try again later. (UNAVAILABLE)'),
    });
    server.respondWith({ status: 500, raw: 'upstream connect error', contentType: 'text/plain' });
    await expect(model().generate(ask)).rejects.toMatchObject({ code: 'E_HTTP_SERVER', retryable: true });
  });

  it('rejects a body that is not JSON, or JSON of another shape, with E_MALFORMED_RESPONSE', async () => {
    server.respondWith({ status: 200, raw: '{"candidates": [', contentType: 'application/json' });
    await expect(model().generate(ask)).rejects.toMatchObject({ code: 'E_MALFORMED_RESPONSE' });
    server.respondWith({ status: 200, json: { candidates: [{ content: { parts: 'nope' } }] } });
    await expect(model().generate(ask)).rejects.toMatchObject({ code: 'E_MALFORMED_RESPONSE' });
  });

  it('times out a server that never answers with E_TIMEOUT', async () => {
    server.respondWith({ hang: true });
    await expect(model({ timeoutMs: 100 }).generate(ask)).rejects.toMatchObject({ code: 'E_TIMEOUT' });
  });

  it('reports a stream whose socket drops mid-way as E_STREAM_CUT', async () => {
    server.respondWith({ sse: readSseFixture(import.meta.url, 'stream-text.sse'), cutAfter: 2 });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({
      code: 'E_STREAM_CUT',
      retryable: true,
    });
  });

  it('reports a stream that closes before any finishReason as E_STREAM_CUT', async () => {
    server.respondWith({ sse: readSseFixture(import.meta.url, 'stream-text.sse').slice(0, 2) });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({
      code: 'E_STREAM_CUT',
      message: expect.stringContaining('stream ended before the model finished'),
    });
  });

  it('maps an error object sent inside the stream by its status', async () => {
    const frames = readSseFixture(import.meta.url, 'stream-text.sse').slice(0, 1);
    const overloaded = `data: ${JSON.stringify(fixture('error-503.json'))}\n\n`;
    server.respondWith({ sse: [...frames, overloaded] });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({
      code: 'E_HTTP_SERVER',
      retryable: true,
      message: expect.stringContaining('overloaded'),
    });
    const quota = `data: ${JSON.stringify(fixture('error-429.json'))}\n\n`;
    server.respondWith({ sse: [quota] });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({
      code: 'E_HTTP_RATE_LIMIT',
      retryAfterMs: 34_400,
    });
  });

  it('rejects a stream chunk that is not JSON with E_MALFORMED_RESPONSE', async () => {
    server.respondWith({ sse: ['data: {"candidates": oops\r\n\r\n'] });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({ code: 'E_MALFORMED_RESPONSE' });
  });

  it('checks the status before streaming', async () => {
    server.respondWith({ status: 429, json: fixture('error-429.json') });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({
      code: 'E_HTTP_RATE_LIMIT',
      retryAfterMs: 34_400,
    });
  });
});
