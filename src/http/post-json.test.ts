import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YardstickError } from '../spec/errors.js';
import { type FakeServer, startFakeServer } from '../testing/fake-server.js';
import { parseRetryAfter } from './parse-retry-after.js';
import { postJson } from './post-json.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const post = (overrides: { timeoutMs?: number; abortSignal?: AbortSignal; url?: string } = {}) =>
  postJson({
    url: overrides.url ?? `${server.url}/v1/thing`,
    headers: { authorization: 'Bearer sk-secret-key-123' },
    body: { hello: 'world' },
    timeoutMs: overrides.timeoutMs,
    abortSignal: overrides.abortSignal,
  });

/** A port that was free a moment ago, so connecting to it is refused. */
const closedPort = async (): Promise<number> => {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
};

describe('postJson', () => {
  it('sends JSON and returns the parsed answer', async () => {
    server.respondWith({ status: 200, json: { ok: true } });
    const result = await post();
    expect(result.value).toEqual({ ok: true });
    expect(result.status).toBe(200);
    const request = server.requests.at(-1);
    expect(request?.body).toEqual({ hello: 'world' });
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.authorization).toBe('Bearer sk-secret-key-123');
  });

  it('maps 429 to a retryable rate-limit error with Retry-After in ms', async () => {
    server.respondWith({
      status: 429,
      headers: { 'retry-after': '3' },
      json: { error: { message: 'slow down' } },
    });
    await expect(post()).rejects.toMatchObject({
      code: 'E_HTTP_RATE_LIMIT',
      retryable: true,
      retryAfterMs: 3000,
      status: 429,
      message: expect.stringContaining('slow down'),
    });
  });

  it('maps 5xx, 408 and 409 to retryable server errors', async () => {
    for (const status of [500, 503, 408, 409]) {
      server.respondWith({ status, json: { error: { message: 'boom' } } });
      await expect(post()).rejects.toMatchObject({ code: 'E_HTTP_SERVER', retryable: true, status });
    }
  });

  it('maps 401 to an auth error with the provider message and no key', async () => {
    server.respondWith({
      status: 401,
      json: {
        error: { message: 'Incorrect API key provided: sk-secret-key-123', type: 'invalid_request_error' },
      },
    });
    const error = await post().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'E_HTTP_AUTH', retryable: false });
    expect(String((error as Error).message)).toContain('Incorrect API key provided');
    expect(
      JSON.stringify({ message: (error as Error).message, body: (error as { body: string }).body }),
    ).not.toContain('sk-secret-key-123');
  });

  it('maps other 4xx to a client error with the Anthropic error message', async () => {
    server.respondWith({
      status: 400,
      json: {
        type: 'error',
        error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
      },
    });
    await expect(post()).rejects.toMatchObject({
      code: 'E_HTTP_CLIENT',
      retryable: false,
      message: expect.stringContaining('max_tokens: Field required'),
    });
  });

  it('maps a body that is not JSON to E_MALFORMED_RESPONSE with an excerpt', async () => {
    server.respondWith({ status: 200, raw: '<html>gateway</html>', contentType: 'text/html' });
    await expect(post()).rejects.toMatchObject({
      code: 'E_MALFORMED_RESPONSE',
      retryable: false,
      message: expect.stringContaining('<html>gateway'),
    });
  });

  it('shows no part of a key a text/plain 401 echoes after 250 characters (issue 8 row 2)', async () => {
    const key = 'sk-proj-Lk3vR8nQ2xW7bZ5tY1mH9cF4gJ6dS0aPqE2uI8oT';
    server.respondWith({ status: 401, raw: `${'E'.repeat(250)} key=${key}`, contentType: 'text/plain' });
    const error = (await postJson({
      url: `${server.url}/v1/x`,
      headers: { authorization: `Bearer ${key}` },
      body: {},
    }).catch((caught: unknown) => caught)) as { code: string; message: string; body: string };
    expect(error.code).toBe('E_HTTP_AUTH');
    const shown = `${error.message}${error.body}`;
    for (let at = 0; at + 8 <= key.length; at++) expect(shown).not.toContain(key.slice(at, at + 8));
  });

  it('keeps a key sent in the query string or echoed in a 200 answer out of errors and values', async () => {
    const key = 'azure-key-0123456789abcdef';
    server.respondWith({
      status: 404,
      raw: `no deployment for /v1/x?api-key=${key}`,
      contentType: 'text/plain',
    });
    const error = (await postJson({ url: `${server.url}/v1/x?api-key=${key}`, body: {} }).catch(
      (caught: unknown) => caught,
    )) as Error;
    expect(error.message).toContain('api-key=[redacted]');
    server.respondWith({ status: 200, json: { error: `invalid key ${key.slice(0, 12)}` } });
    const answer = await postJson({ url: `${server.url}/v1/x`, headers: { 'api-key': key }, body: {} });
    expect(answer.value).toEqual({ error: 'invalid key [redacted]' });
    expect(answer.rawText).not.toContain(key.slice(0, 8));
  });

  it('maps a server that never answers to a retryable E_TIMEOUT', async () => {
    server.respondWith({ hang: true });
    await expect(post({ timeoutMs: 100 })).rejects.toMatchObject({ code: 'E_TIMEOUT', retryable: true });
  });

  it('maps a caller timeout signal to E_TIMEOUT and a caller abort to E_ABORTED', async () => {
    server.respondWith({ hang: true });
    await expect(post({ abortSignal: AbortSignal.timeout(50) })).rejects.toMatchObject({ code: 'E_TIMEOUT' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(post({ abortSignal: controller.signal })).rejects.toMatchObject({ code: 'E_ABORTED' });
  });

  it('maps a refused connection to E_UNAVAILABLE naming host and port', async () => {
    const port = await closedPort();
    await expect(post({ url: `http://127.0.0.1:${port}/v1/x` })).rejects.toMatchObject({
      code: 'E_UNAVAILABLE',
      message: expect.stringContaining(`127.0.0.1:${port} is not reachable`),
    });
  });

  it('maps a connection reset to a retryable E_NETWORK', async () => {
    const resetting = net.createServer((socket) => socket.resetAndDestroy());
    await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', resolve));
    const { port } = resetting.address() as net.AddressInfo;
    try {
      await expect(post({ url: `http://127.0.0.1:${port}/` })).rejects.toMatchObject({
        code: 'E_NETWORK',
        retryable: true,
      });
    } finally {
      resetting.close();
    }
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds, HTTP dates and retry-after-ms', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }), now)).toBe(5000);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '150', 'retry-after': '9' }), now)).toBe(150);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
  });
});

describe('postJson hooks', () => {
  it('keeps the words of a signature header in error messages and redacts only the secrets it names', async () => {
    server.respondWith({
      status: 403,
      json: {
        message: 'The request signature we calculated does not match; key AKIDSECRET1, sig 0123456789abcdef',
      },
    });
    const error = await postJson({
      url: `${server.url}/v1/thing`,
      body: {},
      sign: async () => ({
        headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDSECRET1/x, Signature=0123456789abcdef' },
        secrets: ['AKIDSECRET1', '0123456789abcdef'],
      }),
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      message: expect.stringContaining(
        'The request signature we calculated does not match; key [redacted], sig [redacted]',
      ),
    });
  });

  it('signs the exact bytes it sends and sends the signature headers, once per call', async () => {
    server.respondWith({ status: 200, json: { ok: true } });
    const signed: string[] = [];
    await postJson({
      url: `${server.url}/v1/thing`,
      body: { b: 2, a: [1, 'ü'] },
      sign: async ({ body, headers }) => {
        signed.push(body);
        return { headers: { authorization: `SIG ${body.length} ${headers['content-type']}` }, secrets: [] };
      },
    });
    const request = server.requests.at(-1);
    expect(signed).toEqual([request?.rawBody]);
    expect(request?.headers.authorization).toBe(`SIG ${signed[0]?.length} application/json`);
  });

  it('lets a provider refine the error of a non-2xx answer from its raw body', async () => {
    server.respondWith({ status: 400, json: { error: { code: 'special', message: 'x' } } });
    const error = await postJson({
      url: `${server.url}/v1/thing`,
      body: {},
      mapStatusError: (mapped, answer) =>
        new YardstickError(
          'E_HTTP_AUTH',
          `${mapped.code} ${answer.status} ${JSON.parse(answer.rawText).error.code}`,
        ),
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'E_HTTP_AUTH', message: 'E_HTTP_CLIENT 400 special' });
  });
});
