// Every answer the gateway gives on an Anthropic path, checked through the stock Anthropic client: each error
// is Anthropic's `{"type":"error","error":{"type","message"}}`, so the SDK raises the error class it documents
// (AuthenticationError, BadRequestError, RateLimitError, …), never a parse failure of an OpenAI-shaped body.
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import {
  anthropicMessage,
  anthropicStream,
  type FakeResponse,
  type FakeServer,
  startFakeServer,
} from '../testing/fake-server.js';
import type { NewKeyOptions } from './api-keys.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

const opened: TestGateway[] = [];
afterEach(async () => {
  for (const gateway of opened.splice(0)) await gateway.close();
});

const start = async (up: FakeServer, options: { key?: NewKeyOptions; server?: string } = {}) => {
  const gateway = await startTestGateway(
    `${options.server ?? ''}providers:\n  anth: { type: anthropic, baseUrl: ${up.url}/v1, apiKeyEnv: UP_KEY }\n` +
      'routes:\n  claude:\n    fallbackOn: []\n    targets:\n      - { model: anth:claude-haiku-4-5 }\n',
    { upstreams: [up], ...(options.key ? { key: options.key } : {}) },
  );
  opened.push(gateway);
  return gateway;
};

const client = (gateway: TestGateway, apiKey = gateway.key) =>
  new Anthropic({ apiKey, baseURL: gateway.url, maxRetries: 0, timeout: 10_000 });

const ask = (gateway: TestGateway, apiKey?: string, content = 'hi') =>
  client(gateway, apiKey)
    .messages.create({ model: 'claude', max_tokens: 10, messages: [{ role: 'user', content }] })
    .catch((caught: unknown) => caught);

/** The error the SDK raised, with the body it read. */
const raised = (caught: unknown) => caught as InstanceType<typeof Anthropic.APIError>;

const anthropicShape = (type: string) => ({ type: 'error', error: { type, message: expect.any(String) } });

const upstreamError = (status: number, type: string): FakeResponse => ({
  status,
  json: { type: 'error', error: { type, message: `upstream says ${type}` } },
});

describe('errors on Anthropic paths, as the Anthropic SDK reads them', () => {
  it('401 for a wrong key, 403 for a route the key may not use', async () => {
    const up = await startFakeServer({ status: 200, json: {} });
    const gateway = await start(up, { key: { name: 'narrow', routes: ['other'] } });
    const badKey = raised(await ask(gateway, 'ys_wrong'));
    expect(badKey).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(badKey.error).toEqual(anthropicShape('authentication_error'));
    const forbidden = raised(await ask(gateway));
    expect(forbidden).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect(forbidden.error).toEqual(anthropicShape('permission_error'));
    expect(up.requests).toHaveLength(0);
  });

  it('400 for a request that does not parse, naming the field; 413 for a body over the limit', async () => {
    const up = await startFakeServer({ status: 200, json: {} });
    const gateway = await start(up, { server: 'server: { maxBodyBytes: 2048 }\n' });
    const invalid = raised(
      await client(gateway)
        .messages.create({ model: 'claude', max_tokens: 0, messages: [{ role: 'user', content: 'hi' }] })
        .catch((caught: unknown) => caught),
    );
    expect(invalid).toBeInstanceOf(Anthropic.BadRequestError);
    expect(invalid.error).toEqual(anthropicShape('invalid_request_error'));
    expect(invalid.message).toContain('max_tokens');
    const large = raised(await ask(gateway, undefined, 'x'.repeat(4096)));
    expect(large.status).toBe(413);
    expect(large.error).toEqual(anthropicShape('request_too_large'));
    expect(up.requests).toHaveLength(0);
  });

  it('429 for a key over its requests per minute, with retry-after', async () => {
    const up = await startFakeServer({ status: 200, json: anthropicMessage({ content: 'ok' }) });
    const gateway = await start(up, { key: { name: 'slow', rpm: 1 } });
    await ask(gateway);
    const limited = raised(await ask(gateway));
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect(limited.error).toEqual(anthropicShape('rate_limit_error'));
    expect(Number(limited.headers?.get('retry-after'))).toBeGreaterThan(0);
  });

  it('429, 4xx and 5xx from the upstream, and a stream the upstream breaks', async () => {
    const up = await startFakeServer([
      upstreamError(429, 'rate_limit_error'),
      upstreamError(400, 'invalid_request_error'),
      upstreamError(500, 'api_error'),
      { sse: anthropicStream({ content: 'Hello there, this is cut' }), cutAfter: 3 },
    ]);
    const gateway = await start(up);
    const limited = raised(await ask(gateway));
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect(limited.error).toEqual(anthropicShape('rate_limit_error'));
    const rejected = raised(await ask(gateway));
    expect(rejected).toBeInstanceOf(Anthropic.BadRequestError);
    expect(rejected.error).toEqual(anthropicShape('invalid_request_error'));
    const failed = raised(await ask(gateway));
    expect(failed.status).toBe(502);
    expect(failed).toBeInstanceOf(Anthropic.InternalServerError);
    expect(failed.error).toEqual(anthropicShape('api_error'));
    const broken = await client(gateway)
      .messages.stream({ model: 'claude', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .finalMessage()
      .catch((caught: unknown) => caught);
    expect(raised(broken)).toBeInstanceOf(Anthropic.APIError);
    expect(raised(broken).error).toEqual(anthropicShape('api_error'));
  });
});
