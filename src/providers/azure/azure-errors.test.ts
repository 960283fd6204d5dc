import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectParts } from '../../testing/collect-parts.js';
import { type FakeServer, startFakeServer } from '../../testing/fake-server.js';
import { readJsonFixture, readSseFixture } from '../../testing/read-fixture.js';
import { createLanguageModel } from '../registry.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const secret = 'az-secret-key-9f8e7d6c';
const model = () =>
  createLanguageModel(
    { id: 'azure:gpt4o-prod', baseUrl: server.url },
    { env: { AZURE_OPENAI_API_KEY: secret }, baseDir: '/tmp' },
  );
const ask = { messages: [{ role: 'user' as const, content: 'Hi' }] };
const fixture = (name: string) => readJsonFixture(import.meta.url, name);

describe('Azure OpenAI errors', () => {
  it("names the categories when Azure's content filter blocks the prompt, and does not retry it", async () => {
    server.respondWith({ status: 400, json: fixture('error-400-content-filter.json') });
    await expect(model().generate(ask)).rejects.toMatchObject({
      code: 'E_HTTP_CLIENT',
      retryable: false,
      status: 400,
      message: expect.stringMatching(
        /^HTTP 400 from 127\.0\.0\.1:\d+: Azure's content filter blocked the prompt: jailbreak, violence \(high\)$/,
      ),
    });
  });

  it('maps 401 to E_HTTP_AUTH with Azure’s message and never the key', async () => {
    server.respondWith({ status: 401, json: fixture('error-401.json') });
    const error = (await model()
      .generate(ask)
      .catch((caught: unknown) => caught)) as Error & { code: string };
    expect(error.code).toBe('E_HTTP_AUTH');
    expect(error.message).toContain('Access denied due to invalid subscription key');
    expect(error.message).not.toContain(secret);
  });

  it('maps a missing deployment to E_HTTP_CLIENT with its message', async () => {
    server.respondWith({ status: 404, json: fixture('error-404-deployment.json') });
    await expect(model().generate(ask)).rejects.toMatchObject({
      code: 'E_HTTP_CLIENT',
      message: expect.stringContaining('The API deployment for this resource does not exist'),
    });
  });

  it('retries a 429 after retry-after-ms', async () => {
    server.respondWith({
      status: 429,
      headers: { 'retry-after': '6', 'retry-after-ms': '6000' },
      json: fixture('error-429.json'),
    });
    await expect(model().generate(ask)).rejects.toMatchObject({
      code: 'E_HTTP_RATE_LIMIT',
      retryable: true,
      retryAfterMs: 6000,
    });
  });

  it('marks a 500 as retryable and rejects a malformed body', async () => {
    server.respondWith({
      status: 500,
      json: { error: { code: 'InternalServerError', message: 'Backend returned unexpected response.' } },
    });
    await expect(model().generate(ask)).rejects.toMatchObject({ code: 'E_HTTP_SERVER', retryable: true });
    server.respondWith({ status: 200, raw: '{"choices": [', contentType: 'application/json' });
    await expect(model().generate(ask)).rejects.toMatchObject({ code: 'E_MALFORMED_RESPONSE' });
  });

  it('reports a stream cut mid-way, or closed before it finished, as E_STREAM_CUT', async () => {
    const frames = readSseFixture(import.meta.url, 'chat-stream-text.sse');
    server.respondWith({ sse: frames, cutAfter: 3 });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({ code: 'E_STREAM_CUT' });
    server.respondWith({ sse: frames.slice(0, 4) });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({ code: 'E_STREAM_CUT' });
  });

  it('checks the status before streaming, content filter included', async () => {
    server.respondWith({ status: 400, json: fixture('error-400-content-filter.json') });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({
      code: 'E_HTTP_CLIENT',
      message: expect.stringContaining("Azure's content filter blocked the prompt"),
    });
  });
});
