import { getEventListeners } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTransport } from './transport.js';

let server: http.Server;
let base = '';
const stalled: http.ServerResponse[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.url === '/stall') {
        stalled.push(response);
        return;
      }
      if (request.url === '/cut') {
        // promises 100 bytes, sends 10, hangs up
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        response.write('{"partial"');
        setTimeout(() => response.socket?.destroy(), 10);
        return;
      }
      if (request.url === '/who') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            port: request.socket.remotePort,
            authorization: request.headers.authorization ?? null,
          }),
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(`${request.method} ${request.url} ${request.headers.host}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const response of stalled) response.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const request = (path: string, signal?: AbortSignal) =>
  defaultTransport({ url: `${base}${path}`, headers: {}, body: '{}', signal });

describe('defaultTransport', () => {
  it('sends to the path and host of the URL, the same on every call', async () => {
    for (let call = 0; call < 3; call++) {
      const response = await request('/v1/chat?x=1');
      expect(await response.text()).toBe(`POST /v1/chat?x=1 127.0.0.1:${base.split(':')[2]}`);
    }
  });

  it('leaves no listener on the signal once the answer is read, so the signal can be reused', async () => {
    const controller = new AbortController();
    const response = await request('/ok', controller.signal);
    await response.text();
    // at once, not a turn later: the caller releases its deadline right after reading, and async/deadline.ts
    // keeps a signal for the next call only if nothing listens to it any more
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('ends a request waiting for its answer when the signal aborts', async () => {
    const controller = new AbortController();
    const pending = request('/stall', controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('sends nothing for a signal that already aborted', async () => {
    const served = stalled.length;
    await expect(request('/stall', AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    expect(stalled.length).toBe(served);
  });

  it('keeps the connection open between calls to the same host', async () => {
    // a server of its own: the shared one has connections from the tests before, which calls may take in turn
    const ports: number[] = [];
    const own = http.createServer((incoming, answer) => {
      ports.push(incoming.socket.remotePort ?? 0);
      incoming.resume();
      incoming.on('end', () => answer.end('ok'));
    });
    await new Promise<void>((resolve) => own.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(own.address() as AddressInfo).port}/`;
    try {
      for (let call = 0; call < 20; call++) {
        const response = await defaultTransport({ url, headers: {}, body: '{}', signal: undefined });
        expect(await response.text()).toBe('ok');
      }
    } finally {
      own.closeAllConnections();
      await new Promise<void>((resolve) => own.close(() => resolve()));
    }
    // a call made as the one before ends can find its connection not yet free and open a second, never more
    expect(ports).toHaveLength(20);
    expect(new Set(ports).size).toBeLessThanOrEqual(2);
  });

  it('sends the user and password of a base URL as basic auth, as node:http did', async () => {
    const response = await defaultTransport({
      url: `${base.replace('http://', 'http://team%40corp:p%3Ass@')}/who`,
      headers: {},
      body: '{}',
      signal: undefined,
    });
    const { authorization } = JSON.parse(await response.text()) as { authorization: string };
    expect(Buffer.from(authorization.replace('Basic ', ''), 'base64').toString()).toBe('team@corp:p:ss');
  });

  it('fails a body cut short with ECONNRESET, for text and for chunks', async () => {
    await expect((await request('/cut')).text()).rejects.toMatchObject({ code: 'ECONNRESET' });
    const chunks = (await request('/cut')).chunks();
    await expect(
      (async () => {
        for await (const _chunk of chunks);
      })(),
    ).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});
