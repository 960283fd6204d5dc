// Budgets as clients meet them: a budget holds each request's largest cost before the call, so no amount of
// concurrency overshoots it; its 429 tells the stock SDKs not to retry; rate limits say when the next request fits.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiKeyRow } from '../store/contract/gateway-store.js';
import {
  type FakeServer,
  openaiChatCompletion,
  openaiChatStream,
  type RecordedRequest,
  startFakeServer,
} from '../testing/fake-server.js';
import { createApiKey, type NewKeyOptions, periodStart } from './api-keys.js';
import { openaiProviders, startTestGateway, type TestGateway } from './test-gateway.js';

const opened: TestGateway[] = [];
afterEach(async () => {
  for (const gateway of opened.splice(0)) await gateway.close();
});

const gatewayOver = async (
  upstreams: FakeServer[],
  routes: string,
  options: { key?: NewKeyOptions } = {},
) => {
  const gateway = await startTestGateway(`${openaiProviders(...upstreams)}routes:\n${routes}`, {
    upstreams,
    ...options,
  });
  opened.push(gateway);
  return gateway;
};

// $1 per 1M input tokens, $1,000 per 1M output tokens: output dominates, as a max_tokens hold does
const price = 'price: { input: 1, output: 1000 }';
const promptTokens = 12;
const maxTokens = 40;
/** What one answer that uses all its max_tokens really costs. */
const realCost = (promptTokens * 1 + maxTokens * 1000) / 1_000_000;

/** An upstream that uses every output token it is allowed, a little later, streamed or not. */
const generous =
  (delayMs = 25) =>
  (request: RecordedRequest) => {
    const body = request.body as { stream?: boolean; max_tokens?: number; max_completion_tokens?: number };
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: body.max_completion_tokens ?? body.max_tokens ?? 0,
    };
    return body.stream
      ? { sse: openaiChatStream({ content: 'fine answer', usage }), delayMs: 2 }
      : { status: 200, json: openaiChatCompletion({ content: 'fine answer', usage }), delayMs };
  };

const spentBy = (gateway: TestGateway, keyId: string): Promise<number> =>
  gateway.store.spendSince(keyId, periodStart('day', new Date()));

describe('budgets that cannot be overshot', () => {
  it('lets exactly as many of 64 concurrent requests through as a budget for 10 pays for, streamed or not, round after round', async () => {
    const up = await startFakeServer(generous());
    const gateway = await gatewayOver(
      [up],
      `  chat:\n    targets:\n      - { model: up:gpt-4o-mini, ${price} }\n`,
    );
    const budgetUsd = 10 * realCost;
    const rounds: Array<{ key: ApiKeyRow; served: number; stream: boolean }> = [];
    for (let round = 0; round < 20; round += 1) {
      for (const stream of [false, true]) {
        const { key, row } = await createApiKey(gateway.store, {
          name: `round-${round}-${stream ? 'stream' : 'whole'}`,
          budget: { usd: budgetUsd, period: 'day' },
        });
        const client = new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
        const one = async (): Promise<boolean> => {
          const messages = [{ role: 'user' as const, content: 'Say something fine.' }];
          try {
            if (!stream) {
              await client.chat.completions.create({ model: 'chat', messages, max_tokens: maxTokens });
              return true;
            }
            const chunks = await client.chat.completions.create({
              model: 'chat',
              messages,
              max_tokens: maxTokens,
              stream: true,
            });
            for await (const _ of chunks);
            return true;
          } catch (error) {
            expect(error).toBeInstanceOf(OpenAI.RateLimitError);
            expect((error as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('budget_exceeded');
            return false;
          }
        };
        const outcomes = await Promise.all(Array.from({ length: 64 }, one));
        rounds.push({ key: row, served: outcomes.filter(Boolean).length, stream });
      }
    }
    await gateway.server.close();
    for (const { key, served } of rounds) {
      // the hold is a little over the real cost (the prompt is held at its bytes): 10, or one fewer
      expect(served).toBeGreaterThanOrEqual(9);
      expect(served).toBeLessThanOrEqual(10);
      const spent = await spentBy(gateway, key.id);
      expect(spent).toBeLessThanOrEqual(budgetUsd);
      expect(spent).toBeCloseTo(served * realCost, 12);
    }
    expect(up.requests).toHaveLength(rounds.reduce((sum, round) => sum + round.served, 0));
  }, 120_000);

  it('charges a stream its client left for what it was sent, and gives a failed call’s hold back', async () => {
    const content = 'abcd'.repeat(30);
    const up = await startFakeServer((request) =>
      (request.body as { stream?: boolean }).stream
        ? { sse: openaiChatStream({ content, chunkSize: 4 }), delayMs: 40 }
        : { status: 500, json: { error: { message: 'boom' } } },
    );
    const gateway = await gatewayOver(
      [up],
      `  chat:\n    fallbackOn: []\n    targets:\n      - { model: up:gpt-4o-mini, ${price} }\n`,
      {
        key: { name: 'capped', budget: { usd: 1, period: 'day' } },
      },
    );
    const post = (signal?: AbortSignal) =>
      fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gateway.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'chat',
          messages: [{ role: 'user', content: 'go' }],
          max_tokens: 500,
          stream: signal !== undefined,
        }),
        ...(signal ? { signal } : {}),
      });
    // each call may cost $0.5 at most: the budget of $1 holds two
    expect((await post()).status).toBe(502);
    expect((await post()).status).toBe(502);
    expect((await post()).status).toBe(502);
    const leaving = new AbortController();
    const streamed = await post(leaving.signal);
    const reader = (streamed.body as ReadableStream<Uint8Array>).getReader();
    let seen = '';
    while ((seen.match(/abcd/g)?.length ?? 0) < 3)
      seen += new TextDecoder().decode((await reader.read()).value);
    leaving.abort();
    await gateway.server.close();
    const [cut] = await gateway.traces();
    expect(cut?.errorCode).toBe('client_closed_request');
    // a prompt of ~100 bytes (~25 tokens at $1/M) and 3 to 5 parts of 4 characters (one token each, at $1,000/M)
    expect(cut?.costUsd).toBeGreaterThanOrEqual(0.003);
    expect(cut?.costUsd).toBeLessThan(0.0051);
    // the failed calls were charged nothing: they held the budget only while they ran
    expect(await spentBy(gateway, cut?.keyId ?? '')).toBeCloseTo(cut?.costUsd ?? 0, 12);
  });

  it('holds a request at its route’s priciest target, so a fallback to it cannot pass the budget', async () => {
    const failing = await startFakeServer({ status: 503, json: { error: { message: 'overloaded' } } });
    const dear = await startFakeServer(generous(0));
    const gateway = await gatewayOver(
      [failing, dear],
      `  chat:\n    targets:\n      - { model: up:cheap, price: { input: 1, output: 10 } }\n      - { model: up1:dear, ${price} }\n`,
      { key: { name: 'capped', budget: { usd: 0.05, period: 'day' } } },
    );
    const client = new OpenAI({ apiKey: gateway.key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const ask = () =>
      client.chat.completions
        .create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: maxTokens })
        .catch((error: unknown) => error);
    // the dear target's hold is ~$0.04: one fits in $0.05, and it falls back there and is charged at its price
    const [first, second] = await Promise.all([ask(), ask()]);
    expect([first, second].filter((outcome) => outcome instanceof OpenAI.RateLimitError)).toHaveLength(1);
    await gateway.server.close();
    const served = (await gateway.traces()).find((trace) => trace.status === 200);
    expect(served?.attempts.map((attempt) => attempt.model)).toEqual(['cheap', 'dear']);
    expect(served?.costUsd).toBeCloseTo(realCost, 12);
  });

  it('refuses a request with no max_tokens on a key with a budget, unless the route sets maxOutputTokens', async () => {
    const up = await startFakeServer(generous(0));
    const gateway = await gatewayOver(
      [up],
      `  open:\n    targets:\n      - { model: up:gpt-4o-mini, ${price} }\n  bounded:\n    maxOutputTokens: ${maxTokens}\n    targets:\n      - { model: up:gpt-4o-mini, ${price} }\n`,
      { key: { name: 'capped', budget: { usd: 5, period: 'day' } } },
    );
    const client = new OpenAI({ apiKey: gateway.key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const ask = (model: string) =>
      client.chat.completions
        .create({ model, messages: [{ role: 'user', content: 'hi' }] })
        .catch((e: unknown) => e);
    const refused = await ask('open');
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refused as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('max_tokens');
    expect((refused as Error).message).toContain('give route "open" a maxOutputTokens default');
    expect(await ask('bounded')).not.toBeInstanceOf(Error);
    // the route's default is what the target was asked for
    expect(
      (up.requests[0]?.body as { max_tokens?: number; max_completion_tokens?: number })
        .max_completion_tokens ?? (up.requests[0]?.body as { max_tokens?: number }).max_tokens,
    ).toBe(maxTokens);
  });
  it('holds /v1/responses requests the same way, asking for max_output_tokens when nothing bounds one', async () => {
    const up = await startFakeServer(generous(0));
    const gateway = await gatewayOver(
      [up],
      `  chat:\n    targets:\n      - { model: up:gpt-4o-mini, ${price} }\n`,
      {
        key: { name: 'capped', budget: { usd: realCost * 1.5, period: 'day' } },
      },
    );
    const client = new OpenAI({ apiKey: gateway.key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const unbounded = await client.responses.create({ model: 'chat', input: 'hi' }).catch((e: unknown) => e);
    expect(unbounded).toBeInstanceOf(OpenAI.BadRequestError);
    expect((unbounded as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('max_output_tokens');
    const ask = () =>
      client.responses
        .create({ model: 'chat', input: 'hi', max_output_tokens: maxTokens })
        .catch((e: unknown) => e);
    expect(await ask()).not.toBeInstanceOf(Error);
    const spent = await ask();
    expect(spent).toBeInstanceOf(OpenAI.RateLimitError);
    expect((spent as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('budget_exceeded');
  });
});

describe('429s a client can act on', () => {
  it('gives the openai client with its default retries a budget_exceeded it does not retry, within a second', async () => {
    const up = await startFakeServer(generous(0));
    const gateway = await gatewayOver(
      [up],
      `  chat:\n    targets:\n      - { model: up:gpt-4o-mini, ${price} }\n`,
      {
        key: { name: 'spent', budget: { usd: 0.000001, period: 'day' } },
      },
    );
    const client = new OpenAI({ apiKey: gateway.key, baseURL: `${gateway.url}/v1` });
    const started = performance.now();
    const error = await client.chat.completions
      .create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 10 })
      .catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const refused = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(refused.code).toBe('budget_exceeded');
    expect(refused.type).toBe('insufficient_quota');
    expect(refused.headers.get('x-should-retry')).toBe('false');
    const resetsAt = (refused.error as { resets_at?: string }).resets_at;
    expect(resetsAt).toBe(new Date(Date.parse(periodStart('day', new Date())) + 86_400_000).toISOString());
    expect(refused.message).toContain(`the budget resets at ${resetsAt}`);
    await gateway.server.close();
    expect(await gateway.traces()).toHaveLength(1);
    expect(up.requests).toHaveLength(0);
  });

  it('gives the Anthropic client with its default retries the same, in Anthropic’s shape, within a second', async () => {
    const up = await startFakeServer(generous(0));
    const gateway = await gatewayOver(
      [up],
      `  chat:\n    targets:\n      - { model: up:gpt-4o-mini, ${price} }\n`,
      {
        key: { name: 'spent', budget: { usd: 0.000001, period: 'month' } },
      },
    );
    const client = new Anthropic({ apiKey: gateway.key, baseURL: gateway.url });
    const started = performance.now();
    const error = await client.messages
      .create({ model: 'chat', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    const refused = error as InstanceType<typeof Anthropic.RateLimitError>;
    const now = new Date();
    const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
    expect(refused.error).toEqual({
      type: 'error',
      error: {
        type: 'rate_limit_error',
        message: expect.stringContaining(`resets at ${nextMonth}`),
        resets_at: nextMonth,
      },
    });
    expect(refused.headers.get('x-should-retry')).toBe('false');
    await gateway.server.close();
    expect(await gateway.traces()).toHaveLength(1);
  });

  it('tells a client over its requests per minute when the next request fits, not when the minute ends', async () => {
    const up = await startFakeServer(generous(0));
    const gateway = await gatewayOver([up], `  chat:\n    targets:\n      - { model: up:gpt-4o-mini }\n`, {
      key: { name: 'busy', rpm: 30 },
    });
    const ask = (client: OpenAI) =>
      client.chat.completions
        .create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 })
        .catch((error: unknown) => error);
    const hasty = new OpenAI({ apiKey: gateway.key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const outcomes = await Promise.all(Array.from({ length: 31 }, () => ask(hasty)));
    const limited = outcomes.filter((outcome) => outcome instanceof OpenAI.RateLimitError);
    expect(limited).toHaveLength(1);
    const headers = (limited[0] as InstanceType<typeof OpenAI.RateLimitError>).headers;
    // a request frees up every 2 s: the client is told so, to the millisecond
    expect(['1', '2']).toContain(headers.get('retry-after'));
    const waitMs = Number(headers.get('retry-after-ms'));
    expect(waitMs).toBeGreaterThan(0);
    expect(waitMs).toBeLessThanOrEqual(2000);
    // the openai client with its default retries waits that long, and gets in
    const started = performance.now();
    expect(await ask(new OpenAI({ apiKey: gateway.key, baseURL: `${gateway.url}/v1` }))).not.toBeInstanceOf(
      Error,
    );
    expect(performance.now() - started).toBeLessThan(2500);
  });
});
