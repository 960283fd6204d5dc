import { afterEach, describe, expect, it } from 'vitest';
import { postJson } from '../http/post-json.js';
import { postStream } from '../http/post-stream.js';
import { type FakeServer, openaiCompatibleEcho, startFakeServer } from './fake-server.js';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const chat = (url: string, content: string, stream = false) => ({
  url: `${url}/v1/chat/completions`,
  body: { model: 'echo-1', messages: [{ role: 'user', content }], ...(stream ? { stream: true } : {}) },
});

describe('startFakeServer', () => {
  it('records requests and answers a queue in order, then reports it is out of script', async () => {
    server = await startFakeServer();
    server.respondWith([
      { status: 200, json: { n: 1 } },
      { status: 200, json: { n: 2 } },
    ]);
    const url = `${server.url}/v1/x?y=1`;
    expect((await postJson({ url, body: { a: 1 }, headers: { 'x-test': 'yes' } })).value).toEqual({ n: 1 });
    expect((await postJson({ url, body: { a: 2 } })).value).toEqual({ n: 2 });
    await expect(postJson({ url, body: {} })).rejects.toMatchObject({ code: 'E_HTTP_SERVER' });
    expect(server.requests.map((request) => request.body)).toEqual([{ a: 1 }, { a: 2 }, {}]);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/x?y=1',
      headers: { 'x-test': 'yes' },
    });
  });

  it('answers with a function of the request', async () => {
    server = await startFakeServer((request) => ({ status: 200, json: { path: request.path } }));
    expect((await postJson({ url: `${server.url}/p`, body: {} })).value).toEqual({ path: '/p' });
  });

  it('closes while a request hangs', async () => {
    server = await startFakeServer({ hang: true });
    const pending = postJson({ url: `${server.url}/`, body: {} }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    server = undefined;
    expect(await pending).toMatchObject({ code: 'E_NETWORK' });
  });
});

describe('openaiCompatibleEcho', () => {
  it('echoes the last user message, streaming or not', async () => {
    server = await startFakeServer(openaiCompatibleEcho);
    const { value } = await postJson(chat(server.url, 'hello world'));
    expect(value).toMatchObject({
      object: 'chat.completion',
      model: 'echo-1',
      choices: [{ message: { content: 'echo: hello world' }, finish_reason: 'stop' }],
    });
    const events = [];
    for await (const event of await postStream(chat(server.url, 'hi', true))) events.push(event.data);
    expect(events.at(-1)).toBe('[DONE]');
    expect(events.join('')).toContain('echo: hi');
  });

  it('serves many concurrent keep-alive requests', async () => {
    server = await startFakeServer(openaiCompatibleEcho, { record: false });
    const url = server.url;
    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, index) => postJson(chat(url, `question ${index}`))),
    );
    answers.forEach(({ value }, index) => {
      expect(JSON.stringify(value)).toContain(`echo: question ${index}`);
    });
    expect(server.requests).toHaveLength(0);
  });
});
