import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeScript,
  openaiChatCompletion,
  openaiChatStream,
  startFakeServer,
} from '../testing/fake-server.js';
import {
  anthropicErrorJson,
  GatewayError,
  type GatewayErrorCode,
  gatewayErrors,
  openaiErrorJson,
} from './gateway-errors.js';
import { openaiProviders, startTestGateway, type TestGateway } from './test-gateway.js';

const opened: TestGateway[] = [];
afterEach(async () => {
  for (const gateway of opened.splice(0)) await gateway.close();
});

const anthropicTypes = new Set([
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'overloaded_error',
]);

describe('the table of gateway errors', () => {
  it('renders every code in the OpenAI and the Anthropic shape, with the status of its row', async () => {
    for (const code of Object.keys(gatewayErrors) as GatewayErrorCode[]) {
      const error = new GatewayError(code, `about ${code}`, { param: 'model' });
      expect(error.status).toBe(gatewayErrors[code].status);
      expect(openaiErrorJson(error)).toEqual({
        error: { message: `about ${code}`, type: gatewayErrors[code].openai, param: 'model', code },
      });
      const anthropic = anthropicErrorJson(error);
      expect(anthropic).toEqual({
        type: 'error',
        error: { type: expect.any(String), message: `about ${code}` },
      });
      expect(anthropicTypes.has(anthropic.error.type)).toBe(true);
    }
  });

  it('is documented in docs/gateway.md, every code with its status', async () => {
    const docs = readFileSync(new URL('../../docs/gateway.md', import.meta.url), 'utf8');
    for (const [code, row] of Object.entries(gatewayErrors)) {
      const line = docs.split('\n').find((text) => text.startsWith('|') && text.includes(`\`${code}\``));
      expect(line, `docs/gateway.md names ${code}`).toBeDefined();
      if (code !== 'upstream_rejected_request') expect(line).toContain(String(row.status));
    }
  });

  it("keeps an upstream's own 4xx when it passes the upstream's refusal on", async () => {
    const error = new GatewayError('upstream_rejected_request', 'no such model', { status: 404 });
    expect(error.status).toBe(404);
    expect(openaiErrorJson(error).error.code).toBe('upstream_rejected_request');
  });
});

describe('errors on /v1/messages', () => {
  /** A gateway with one route over one fake OpenAI-compatible upstream scripted by `script`. */
  const gatewayOver = async (script: FakeScript, key: { rpm?: number } = {}) => {
    const upstream = await startFakeServer(script);
    const gateway = await startTestGateway(
      `${openaiProviders(upstream)}routes:\n  chat:\n    targets:\n      - { model: up:gpt-4o-mini }\n`,
      { upstreams: [upstream], key: { name: 'team-a', ...key } },
    );
    opened.push(gateway);
    return gateway;
  };
  const client = (gateway: TestGateway, key = gateway.key) =>
    new Anthropic({ apiKey: key, baseURL: gateway.url, maxRetries: 0, timeout: 10_000 });
  const ask = (anthropic: Anthropic) =>
    anthropic.messages
      .create({ model: 'chat', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
  const shapeOf = (error: unknown) => (error as InstanceType<typeof Anthropic.APIError>).error;

  it('refuses a bad key in Anthropic’s shape, which the SDK raises as an AuthenticationError', async () => {
    const gateway = await gatewayOver({ status: 200, json: openaiChatCompletion({ content: 'ok' }) });
    const error = await ask(client(gateway, 'ys_000000000000_nope'));
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(shapeOf(error)).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'invalid API key' },
    });
  });

  it('answers a key over its limit with 429 rate_limit_error and Retry-After', async () => {
    const gateway = await gatewayOver(
      { status: 200, json: openaiChatCompletion({ content: 'ok' }) },
      { rpm: 1 },
    );
    const anthropic = client(gateway);
    await ask(anthropic);
    const error = await ask(anthropic);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(shapeOf(error)).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    expect(
      Number((error as InstanceType<typeof Anthropic.RateLimitError>).headers.get('retry-after')),
    ).toBeGreaterThan(0);
  });

  it('answers a failed upstream with 502 api_error, and a provider without its key with 503 api_error', async () => {
    const gateway = await gatewayOver({ status: 500, json: { error: { message: 'boom' } } });
    const failed = await ask(client(gateway));
    expect((failed as InstanceType<typeof Anthropic.APIError>).status).toBe(502);
    expect(shapeOf(failed)).toMatchObject({ type: 'error', error: { type: 'api_error' } });

    const upstream = await startFakeServer({ status: 200, json: openaiChatCompletion({ content: 'ok' }) });
    const unkeyed = await startTestGateway(
      `providers:\n  up: { type: openai, baseUrl: ${upstream.url}/v1, apiKeyEnv: NOT_SET_KEY }\nroutes:\n  chat:\n    targets:\n      - { model: up:gpt-4o-mini }\n`,
      { upstreams: [upstream] },
    );
    opened.push(unkeyed);
    const notConfigured = await ask(client(unkeyed));
    expect((notConfigured as InstanceType<typeof Anthropic.APIError>).status).toBe(503);
    // the provider is not configured: not an overload a retry would cure
    expect(shapeOf(notConfigured)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
  });

  it('ends a stream the upstream cut with an Anthropic error event that the SDK raises', async () => {
    const gateway = await gatewayOver({
      sse: openaiChatStream({ content: 'a long answer cut short' }),
      cutAfter: 3,
    });
    const stream = client(gateway).messages.stream({
      model: 'chat',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const error = await stream.finalMessage().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as Error).message).toContain('upstream stream failed');
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: 'error',
      error: { type: 'api_error' },
    });
  });

  it('answers malformed JSON with 400 invalid_request_error and a body over the limit with 413 request_too_large', async () => {
    const gateway = await gatewayOver({ status: 200, json: openaiChatCompletion({ content: 'ok' }) });
    const post = (body: string) =>
      fetch(`${gateway.url}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': gateway.key, 'content-type': 'application/json' },
        body,
      });
    const broken = await post('{"model": "chat", "messages": [');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    const huge = await post(JSON.stringify({ model: 'chat', padding: 'x'.repeat(5 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ type: 'error', error: { type: 'request_too_large' } });
  });

  it('answers headers over the size limit on /v1/messages with 431 in Anthropic’s shape', async () => {
    const gateway = await gatewayOver({ status: 200, json: openaiChatCompletion({ content: 'ok' }) });
    const port = Number(new URL(gateway.url).port);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write(`POST /v1/messages HTTP/1.1\r\nhost: x\r\nx-padding: ${'a'.repeat(20_000)}\r\n\r\n`),
      );
      let answer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        answer += chunk;
      });
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringMatching(/headers are larger/) },
    });
  });
});
