import { getEventListeners } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeTransport } from './transport.js';

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
  nodeTransport({ url: `${base}${path}`, headers: {}, body: '{}', signal });

describe('nodeTransport', () => {
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
    await new Promise((resolve) => setImmediate(resolve));
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
});
