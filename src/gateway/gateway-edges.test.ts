// The gateway at its edges: hostile request shapes, bounds on request fields, clients that leave mid-body,
// requests Node itself refuses, and wrong paths and methods, each answered in the shape the client's SDK reads.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayStore } from '../store/contract/gateway-store.js';
import { openSqliteStores } from '../store/sqlite/open-sqlite.js';
import { collect } from '../testing/collect.js';
import { type FakeServer, openaiChatCompletion, startFakeServer } from '../testing/fake-server.js';
import { createApiKey } from './api-keys.js';
import { createGateway } from './gateway.js';
import { loadGatewayConfig } from './load-gateway-config.js';
import { requestLimits } from './request-limits.js';
import { startGatewayServer } from './server.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface EdgeGateway {
  url: string;
  port: number;
  key: string;
  store: GatewayStore;
  logs: string[];
  upstreams: FakeServer[];
  close(): Promise<void>;
}

/** A gateway whose route `chat` falls back over two fake OpenAI upstreams, and `embed` over one. */
const startEdgeGateway = async (): Promise<EdgeGateway> => {
  const upstreams: FakeServer[] = [];
  for (let index = 0; index < 2; index += 1) {
    const server = await startFakeServer((request) =>
      request.path.endsWith('/embeddings')
        ? {
            status: 200,
            json: {
              object: 'list',
              data: ((request.body as { input: string[] }).input ?? []).map((_, at) => ({
                object: 'embedding',
                index: at,
                embedding: [0.5, -0.25],
              })),
              model: 'text-embedding-3-small',
              usage: { prompt_tokens: 1, total_tokens: 1 },
            },
          }
        : { status: 200, json: openaiChatCompletion({ content: 'ok' }) },
    );
    upstreams.push(server);
    cleanups.push(() => server.close());
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-edges-'));
  const configPath = path.join(dir, 'gateway.yaml');
  writeFileSync(
    configPath,
    `providers:\n${upstreams.map((server, index) => `  up${index}: { type: openai, baseUrl: ${server.url}/v1, apiKeyEnv: UP_KEY }\n`).join('')}` +
      'routes:\n  chat:\n    targets:\n      - { model: up0:gpt-4o-mini }\n      - { model: up1:gpt-4o-mini }\n' +
      '  embed:\n    targets:\n      - { model: up0:text-embedding-3-small }\n',
  );
  const loaded = await loadGatewayConfig(configPath);
  const store = openSqliteStores(path.join(dir, 'yardstick.db')).gateway;
  const { key } = await createApiKey(store, { name: 'team-a' });
  const logs: string[] = [];
  const gateway = createGateway({ loaded, store, env: { UP_KEY: 'sk-up' }, log: (line) => logs.push(line) });
  const server = await startGatewayServer(gateway, '127.0.0.1', 0);
  const close = async (): Promise<void> => {
    await server.close();
  };
  cleanups.push(async () => {
    await close();
    await store.close();
  });
  return { url: server.url, port: server.port, key, store, logs, upstreams, close };
};

const post = (gateway: EdgeGateway, endpoint: string, body: string | object, method = 'POST') =>
  fetch(`${gateway.url}${endpoint}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.key}` },
    ...(method === 'GET' ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });

const upstreamCalls = (gateway: EdgeGateway): number =>
  gateway.upstreams.reduce((sum, server) => sum + server.requests.length, 0);

/** Sends raw bytes on a new connection and returns everything the server answers before it closes. */
const rawExchange = (port: number, bytes: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });

const parseRawResponse = (raw: string) => {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) as unknown };
};

/** A JSON value nested `depth` arrays deep, built as text (building it as a value and stringifying would overflow). */
const nestedArrays = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('the gateway against hostile request shapes', () => {
  it('refuses tool parameters nested 100,000 deep with a 400 naming the limit, calling no upstream', async () => {
    const gateway = await startEdgeGateway();
    const deep = `{"type":"object","properties":{"x":{"enum":${nestedArrays(100_000)}}}}`;
    const chat = await post(
      gateway,
      '/v1/chat/completions',
      `{"model":"chat","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":${deep}}}]}`,
    );
    expect(chat.status).toBe(400);
    expect(await chat.json()).toEqual({
      error: {
        message: `request body nests deeper than ${requestLimits.nestingDepth} levels; flatten it (the limit is ${requestLimits.nestingDepth})`,
        type: 'invalid_request_error',
        param: null,
        code: 'nesting_too_deep',
      },
    });
    const messages = await post(
      gateway,
      '/v1/messages',
      `{"model":"chat","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"f","input_schema":${deep}}]}`,
    );
    expect(messages.status).toBe(400);
    expect(await messages.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(upstreamCalls(gateway)).toBe(0);
    await gateway.close();
    expect(gateway.logs.join('\n')).not.toContain('internal error');
  });

  it('refuses 100,000 embeddings inputs with a 400 naming the limit of 2048, calling no upstream', async () => {
    const gateway = await startEdgeGateway();
    const input = Array.from({ length: 100_000 }, (_, index) => `text ${index}`);
    const refused = await post(gateway, '/v1/embeddings', { model: 'embed', input });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: { param: 'input', message: expect.stringContaining('at most 2048 inputs per request') },
    });
    expect(upstreamCalls(gateway)).toBe(0);
    // the limit itself is served
    const served = await post(gateway, '/v1/embeddings', { model: 'embed', input: input.slice(0, 2048) });
    expect(served.status).toBe(200);
    expect(((await served.json()) as { data: unknown[] }).data).toHaveLength(2048);
  });

  it.each([
    ['/v1/chat/completions', 'messages', { messages: Array(10_001).fill({ role: 'user', content: 'x' }) }],
    [
      '/v1/chat/completions',
      'tools',
      { tools: Array(129).fill({ type: 'function', function: { name: 'f' } }) },
    ],
    ['/v1/chat/completions', 'stop', { stop: Array(17).fill('x') }],
    ['/v1/chat/completions', 'max_tokens', { max_tokens: 1_000_001 }],
    ['/v1/chat/completions', 'max_completion_tokens', { max_completion_tokens: 1_000_001 }],
    ['/v1/messages', 'messages', { messages: Array(10_001).fill({ role: 'user', content: 'x' }) }],
    ['/v1/messages', 'tools', { tools: Array(129).fill({ name: 'f', input_schema: {} }) }],
    ['/v1/messages', 'stop_sequences', { stop_sequences: Array(17).fill('x') }],
    ['/v1/messages', 'max_tokens', { max_tokens: 1_000_001 }],
  ])('bounds %s %s with a 400 naming the field and its limit', async (endpoint, field, extra) => {
    const gateway = await startEdgeGateway();
    const base = { model: 'chat', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };
    const response = await post(gateway, endpoint, { ...base, ...extra });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; param?: string } };
    expect(body.error.message).toMatch(new RegExp(`^${field}: at most [0-9]+`));
    if (endpoint === '/v1/chat/completions') expect(body.error.param).toBe(field);
    expect(upstreamCalls(gateway)).toBe(0);
  });
});

describe('the gateway against clients that misbehave on the wire', () => {
  it('traces a client that disconnects mid-body as a client abort, with no stack trace in the log', async () => {
    const gateway = await startEdgeGateway();
    await new Promise<void>((resolve, reject) => {
      const socket = connect(gateway.port, '127.0.0.1', () => {
        socket.write(
          `POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${gateway.key}\r\n` +
            'content-type: application/json\r\ncontent-length: 1000\r\n\r\n{"model":"chat","mess',
        );
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
      socket.on('error', reject);
    });
    await gateway.close();
    const traces = await collect(gateway.store.traces({}));
    expect(traces.map((trace) => [trace.status, trace.errorCode])).toEqual([[499, 'client_closed_request']]);
    expect(gateway.logs.join('\n')).not.toMatch(/internal error|\n\s+at /);
  });

  it('answers a malformed request line with a 400 JSON body in the OpenAI error shape', async () => {
    const gateway = await startEdgeGateway();
    const answer = parseRawResponse(await rawExchange(gateway.port, 'NOT A REQUEST\r\n\r\n'));
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers.connection).toBe('close');
    expect(answer.body).toMatchObject({
      error: { type: 'invalid_request_error', code: 'bad_request', message: expect.stringMatching(/HTTP/) },
    });
  });

  it('answers headers over the size limit with a 431 JSON body in the OpenAI error shape', async () => {
    const gateway = await startEdgeGateway();
    const answer = parseRawResponse(
      await rawExchange(
        gateway.port,
        `GET /healthz HTTP/1.1\r\nhost: x\r\nx-padding: ${'a'.repeat(20_000)}\r\n\r\n`,
      ),
    );
    expect(answer.status).toBe(431);
    expect(answer.body).toMatchObject({
      error: { type: 'invalid_request_error', code: 'headers_too_large' },
    });
  });

  it('answers headers over the size limit on /v1/messages with a 431 in the Anthropic error shape', async () => {
    const gateway = await startEdgeGateway();
    const answer = parseRawResponse(
      await rawExchange(
        gateway.port,
        `POST /v1/messages HTTP/1.1\r\nhost: x\r\nx-padding: ${'a'.repeat(20_000)}\r\n\r\n`,
      ),
    );
    expect(answer.status).toBe(431);
    expect(answer.body).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringMatching(/headers/) },
    });
  });
});

describe('wrong paths and methods', () => {
  const anthropicShape = (type: string) => ({ type: 'error', error: { type, message: expect.any(String) } });

  it.each([
    ['GET', '/v1/messages', 405, 'POST'],
    ['POST', '/v1/messages/', 404, undefined],
    ['POST', '/v1%2Fmessages', 404, undefined],
    ['POST', '/v1/messages%2F', 404, undefined],
    ['GET', '/v1/messages/count_tokens', 405, 'POST'],
    ['GET', '/v1/messages/batches', 404, undefined],
    ['POST', '/v1/complete', 404, undefined],
    ['PUT', '/v1/messages', 405, 'POST'],
  ])('answers %s %s with %s in the Anthropic error shape', async (method, endpoint, status, allow) => {
    const gateway = await startEdgeGateway();
    const response = await post(gateway, endpoint, '{}', method);
    expect(response.status).toBe(status);
    expect(response.headers.get('allow') ?? undefined).toBe(allow);
    expect(await response.json()).toEqual(
      anthropicShape(status === 405 ? 'invalid_request_error' : 'not_found_error'),
    );
  });

  it.each([
    ['GET', '/v1/chat/completions', 'POST'],
    ['GET', '/v1/embeddings', 'POST'],
    ['POST', '/v1/models', 'GET'],
    ['POST', '/healthz', 'GET'],
  ])('answers %s %s with 405 and allow: %s in the OpenAI error shape', async (method, endpoint, allow) => {
    const gateway = await startEdgeGateway();
    const response = await post(gateway, endpoint, '{}', method);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect(await response.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'method_not_allowed' },
    });
  });

  it('answers an unknown path with 404 in the OpenAI error shape', async () => {
    const gateway = await startEdgeGateway();
    const response = await post(gateway, '/v1/chat/completion', '{}');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'unknown_endpoint' } });
  });
});
