// GET of a published list over the one transport: the body, HTTP errors mapped, a size limit and a timeout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../testing/fake-server.js';
import { getText } from './get-text.js';

describe('getText', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('GETs the body as text, sending no body', async () => {
    server.respondWith({ status: 200, json: { data: [] } });
    const text = await getText({ url: `${server.url}/api/v1/models`, timeoutMs: 5000, maxBytes: 1000 });
    expect(JSON.parse(text)).toEqual({ data: [] });
    expect(server.requests.at(-1)).toMatchObject({ method: 'GET', path: '/api/v1/models', rawBody: '' });
  });
  it('maps an HTTP error to a typed error naming the host', async () => {
    server.respondWith({ status: 404, json: { error: { message: 'no such list' } } });
    await expect(
      getText({ url: `${server.url}/missing`, timeoutMs: 5000, maxBytes: 1000 }),
    ).rejects.toMatchObject({
      code: 'E_HTTP_CLIENT',
      message: expect.stringMatching(/HTTP 404 from 127\.0\.0\.1:\d+: no such list/),
    });
  });
  it('stops reading past the size limit', async () => {
    server.respondWith({ status: 200, raw: 'x'.repeat(200_000), contentType: 'application/json' });
    await expect(
      getText({ url: `${server.url}/big`, timeoutMs: 5000, maxBytes: 10_000 }),
    ).rejects.toMatchObject({
      code: 'E_MALFORMED_RESPONSE',
      message: expect.stringMatching(/sent more than 10000 bytes/),
    });
  });
  it('gives up after the timeout', async () => {
    server.respondWith({ hang: true });
    await expect(
      getText({ url: `${server.url}/slow`, timeoutMs: 200, maxBytes: 1000 }),
    ).rejects.toMatchObject({
      code: 'E_TIMEOUT',
    });
  });
});
