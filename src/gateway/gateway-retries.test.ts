// The gateway's retries and fallbacks under the shared retry policy, driven by the official openai client:
// Retry-After honoured when it fits in the route's timeout, a fallback at once when it does not, and backoff
// with jitter between retries of a failing target.
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeResponse,
  type FakeServer,
  openaiChatCompletion,
  startFakeServer,
} from '../testing/fake-server.js';
import { openaiProviders, startTestGateway, type TestGateway } from './test-gateway.js';

const opened: TestGateway[] = [];
afterEach(async () => {
  for (const gateway of opened.splice(0)) await gateway.close();
});

const rateLimited = (retryAfter: string): FakeResponse => ({
  status: 429,
  headers: { 'retry-after': retryAfter },
  json: { error: { message: 'Rate limit reached', type: 'requests' } },
});
const overloaded: FakeResponse = {
  status: 503,
  json: { error: { message: 'overloaded', type: 'server_error' } },
};
const ok = (content: string): FakeResponse => ({ status: 200, json: openaiChatCompletion({ content }) });

const gatewayOver = async (
  upstreams: FakeServer[],
  route: string,
  gateway: NonNullable<Parameters<typeof startTestGateway>[1]>['gateway'] = {},
) => {
  const targets = upstreams
    .map((_, index) => `      - { model: up${index === 0 ? '' : index}:m${index} }\n`)
    .join('');
  const started = await startTestGateway(
    `${openaiProviders(...upstreams)}routes:\n  chat:\n${route}    targets:\n${targets}`,
    {
      upstreams,
      gateway,
    },
  );
  opened.push(started);
  return started;
};

const ask = (gateway: TestGateway) =>
  new OpenAI({
    apiKey: gateway.key,
    baseURL: `${gateway.url}/v1`,
    maxRetries: 0,
    timeout: 20_000,
  }).chat.completions
    .create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] })
    .catch((caught: unknown) => caught);

describe('retries and fallbacks on the shared retry policy', () => {
  it('waits out a 429’s Retry-After: 1 on a one-target route with retries, then answers', async () => {
    const upstream = await startFakeServer([rateLimited('1'), ok('after the wait')]);
    const gateway = await gatewayOver([upstream], '    retries: 2\n    timeoutMs: 5000\n');
    const started = performance.now();
    const answer = await ask(gateway);
    const elapsed = performance.now() - started;
    expect((answer as OpenAI.ChatCompletion).choices[0]?.message.content).toBe('after the wait');
    expect(upstream.requests).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3_000);
  });

  it('falls back at once when the Retry-After (120 s) does not fit in the route’s 5 s timeout', async () => {
    const limited = await startFakeServer(rateLimited('120'));
    const healthy = await startFakeServer(ok('from the fallback'));
    const gateway = await gatewayOver([limited, healthy], '    retries: 2\n    timeoutMs: 5000\n');
    const started = performance.now();
    const answer = await ask(gateway);
    expect((answer as OpenAI.ChatCompletion).choices[0]?.message.content).toBe('from the fallback');
    expect(performance.now() - started).toBeLessThan(1_000);
    // no retry of the rate-limited target: its wait would not fit
    expect(limited.requests).toHaveLength(1);
    await gateway.server.close();
    expect((await gateway.traces())[0]?.attempts.map((attempt) => attempt.status)).toEqual([429, 200]);
  });

  it('backs off with jitter between retries of a 5xx, as the injected random and clock say', async () => {
    const upstream = await startFakeServer([overloaded, overloaded, ok('third time')]);
    const waits: number[] = [];
    const draws = [0.5, 0.75];
    const gateway = await gatewayOver([upstream], '    retries: 2\n', {
      random: () => draws.shift() ?? 0,
      sleep: async (delayMs: number) => {
        waits.push(delayMs);
      },
    });
    const answer = await ask(gateway);
    expect((answer as OpenAI.ChatCompletion).choices[0]?.message.content).toBe('third time');
    // retry n waits random × 500 ms × 2^(n-1)
    expect(waits).toEqual([250, 750]);
  });

  it('answers 429 with the upstream’s Retry-After when every retry is spent', async () => {
    const upstream = await startFakeServer(rateLimited('0'));
    const gateway = await gatewayOver([upstream], '    retries: 1\n');
    const error = await ask(gateway);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(upstream.requests).toHaveLength(2);
  });
});
