import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEventStreamMessage } from '../../http/aws-event-stream.js';
import { collectParts } from '../../testing/collect-parts.js';
import { fakeBedrock } from '../../testing/fake-bedrock-server.js';
import { type FakeServer, startFakeServer } from '../../testing/fake-server.js';
import { readEventStreamFixture, readJsonFixture } from '../../testing/read-fixture.js';
import { createLanguageModel } from '../registry.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';
const env = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: secret,
  AWS_REGION: 'us-east-1',
};
const model = (extraEnv: Record<string, string> = {}) =>
  createLanguageModel(
    { id: 'bedrock:amazon.nova-lite-v1:0', baseUrl: server.url },
    { env: { ...env, ...extraEnv }, baseDir: '/tmp' },
  );
const ask = { messages: [{ role: 'user' as const, content: 'Hi' }] };
const awsError = (status: number, type: string, fixture: string) => ({
  status,
  headers: { 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/` },
  json: readJsonFixture(import.meta.url, fixture),
});
const frames = (name: string) => readEventStreamFixture(import.meta.url, name);

describe('Bedrock errors', () => {
  it('maps ThrottlingException to a retryable E_HTTP_RATE_LIMIT named after the exception', async () => {
    server.respondWith(awsError(429, 'ThrottlingException', 'error-429-throttling.json'));
    await expect(model().generate(ask)).rejects.toMatchObject({
      code: 'E_HTTP_RATE_LIMIT',
      retryable: true,
      status: 429,
      message: expect.stringMatching(
        /^HTTP 429 from 127\.0\.0\.1:\d+: ThrottlingException: Too many requests, please wait before trying again\.$/,
      ),
    });
  });

  it('maps AccessDeniedException and an unrecognized key (403) to E_HTTP_AUTH, never showing the secret', async () => {
    server.respondWith(awsError(403, 'AccessDeniedException', 'error-403-access-denied.json'));
    await expect(model().generate(ask)).rejects.toMatchObject({ code: 'E_HTTP_AUTH', retryable: false });
    server.respondWith(awsError(403, 'UnrecognizedClientException', 'error-403-unrecognized-client.json'));
    const error = (await model()
      .generate(ask)
      .catch((caught: unknown) => caught)) as Error & { code: string };
    expect(error.code).toBe('E_HTTP_AUTH');
    expect(error.message).toContain(
      'UnrecognizedClientException: The security token included in the request is invalid.',
    );
    expect(error.message).not.toContain(secret);
  });

  it('is refused with InvalidSignatureException by a runtime that holds another secret', async () => {
    server.respondWith(
      fakeBedrock({
        credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: 'rotated' },
        region: 'us-east-1',
      }),
    );
    // the words of AWS's message stay readable: only the key id, signature and token are redacted
    await expect(model().generate(ask)).rejects.toMatchObject({
      code: 'E_HTTP_AUTH',
      message: expect.stringContaining(
        'InvalidSignatureException: The request signature we calculated does not match the signature you provided',
      ),
    });
  });

  it('maps ValidationException to a client error, and a 424 ModelErrorException or 503 to retryable server errors', async () => {
    server.respondWith(awsError(400, 'ValidationException', 'error-400-validation.json'));
    await expect(model().generate(ask)).rejects.toMatchObject({ code: 'E_HTTP_CLIENT', retryable: false });
    server.respondWith(awsError(424, 'ModelErrorException', 'error-424-model-error.json'));
    await expect(model().generate(ask)).rejects.toMatchObject({
      code: 'E_HTTP_SERVER',
      retryable: true,
      status: 424,
    });
    server.respondWith(awsError(503, 'ServiceUnavailableException', 'error-503-unavailable.json'));
    await expect(model().generate(ask)).rejects.toMatchObject({ code: 'E_HTTP_SERVER', retryable: true });
  });

  it('rejects a body that is not JSON, or JSON of another shape, with E_MALFORMED_RESPONSE', async () => {
    server.respondWith({ status: 200, raw: '{"output": {', contentType: 'application/json' });
    await expect(model().generate(ask)).rejects.toMatchObject({ code: 'E_MALFORMED_RESPONSE' });
    server.respondWith({ status: 200, json: { output: { message: { content: 'text' } } } });
    await expect(model().generate(ask)).rejects.toMatchObject({ code: 'E_MALFORMED_RESPONSE' });
  });

  it('reports a stream whose socket drops mid-way as E_STREAM_CUT', async () => {
    server.respondWith({ eventStream: frames('converse-stream-text.jsonl'), cutAfter: 3 });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({
      code: 'E_STREAM_CUT',
      retryable: true,
    });
  });

  it('reports a stream that ends before messageStop as E_STREAM_CUT', async () => {
    server.respondWith({ eventStream: frames('converse-stream-text.jsonl').slice(0, 4) });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({
      code: 'E_STREAM_CUT',
      message: expect.stringContaining('stream ended before the model finished'),
    });
  });

  it('maps a throttlingException event mid-stream to a retryable E_HTTP_RATE_LIMIT', async () => {
    server.respondWith({ eventStream: frames('converse-stream-throttled.jsonl') });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({
      code: 'E_HTTP_RATE_LIMIT',
      retryable: true,
      message: expect.stringContaining(
        'ThrottlingException: Too many tokens, please wait before trying again.',
      ),
    });
  });

  it('rejects a corrupt event-stream message, and an event payload that is not JSON, as malformed', async () => {
    const corrupt = frames('converse-stream-text.jsonl');
    const second = corrupt[1] as Uint8Array;
    second[second.length - 1] = (second[second.length - 1] ?? 0) ^ 0xff;
    server.respondWith({ eventStream: corrupt });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({ code: 'E_MALFORMED_RESPONSE' });
    const notJson = encodeEventStreamMessage(
      { ':event-type': 'contentBlockDelta', ':message-type': 'event' },
      '{oops',
    );
    server.respondWith({ eventStream: [notJson] });
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({ code: 'E_MALFORMED_RESPONSE' });
  });

  it('checks the status before streaming', async () => {
    server.respondWith(awsError(429, 'ThrottlingException', 'error-429-throttling.json'));
    await expect(collectParts(model().stream(ask))).rejects.toMatchObject({ code: 'E_HTTP_RATE_LIMIT' });
  });
});
