// The gateway in process, driven by the official `openai` SDK, in front of fake upstreams speaking OpenAI's wire format.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayStore } from '../store/contract/gateway-store.js';
import { openSqliteStores } from '../store/sqlite/open-sqlite.js';
import { collect } from '../testing/collect.js';
import {
  anthropicMessage,
  anthropicStream,
  type FakeScript,
  type FakeServer,
  openaiChatCompletion,
  openaiChatStream,
  startFakeServer,
} from '../testing/fake-server.js';
import { createApiKey } from './api-keys.js';
import { createGateway } from './gateway.js';
import { loadGatewayConfig } from './load-gateway-config.js';
import { type RunningServer, startGatewayServer } from './server.js';

const upstreamSecret = 'sk-upstream-secret-do-not-leak-7Qx';

interface TestGateway {
  url: string;
  key: string;
  store: GatewayStore;
  dbPath: string;
  logs: string[];
  client: OpenAI;
  server: RunningServer;
}

const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

const upstream = async (script: FakeScript): Promise<FakeServer> => {
  const server = await startFakeServer(script);
  opened.push(server);
  return server;
};

/** An upstream that streams these frames to a streaming request and answers others with this JSON. */
const streamOrNot =
  (sse: string[], json: unknown): FakeScript =>
  (request) =>
    (request.body as { stream?: boolean }).stream ? { sse } : { status: 200, json };

/** A gateway with the given routes (YAML), a fresh store and one key, listening on a free port. */
const startGateway = async (
  routesYaml: string,
  options: { keyOptions?: Parameters<typeof createApiKey>[1]; extra?: string; random?: () => number } = {},
): Promise<TestGateway> => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-gateway-'));
  const configPath = path.join(dir, 'gateway.yaml');
  writeFileSync(configPath, `${options.extra ?? ''}routes:\n${routesYaml}`);
  const loaded = await loadGatewayConfig(configPath);
  const dbPath = path.join(dir, 'yardstick.db');
  const store = openSqliteStores(dbPath).gateway;
  const { key } = await createApiKey(store, options.keyOptions ?? { name: 'team-a' });
  const logs: string[] = [];
  const gateway = createGateway({
    loaded,
    store,
    env: { UP_KEY: upstreamSecret },
    log: (line) => logs.push(line),
    ...(options.random ? { random: options.random } : {}),
  });
  const server = await startGatewayServer(gateway, '127.0.0.1', 0);
  const handle = {
    async close() {
      await server.close();
      await store.close();
    },
  };
  opened.push(handle);
  const client = new OpenAI({ apiKey: key, baseURL: `${server.url}/v1`, maxRetries: 0, timeout: 10_000 });
  return { url: server.url, key, store, dbPath, logs, client, server };
};

const target = (model = 'gpt-4o-mini', extra = '') => `      - { model: up:${model}${extra} }\n`;
const providers = (...servers: FakeServer[]) =>
  `providers:\n${servers.map((server, index) => `  up${index === 0 ? '' : index}: { type: openai, baseUrl: ${server.url}/v1, apiKeyEnv: UP_KEY }\n`).join('')}`;

const price = ', price: { input: 1, output: 2 }';

const tracesOf = (gateway: TestGateway) => collect(gateway.store.traces({}));

describe('the gateway behind the official openai client', () => {
  it('answers a chat completion from the route target and traces tokens, cost and latency', async () => {
    const up = await upstream({
      status: 200,
      json: openaiChatCompletion({
        content: 'Paris',
        usage: { prompt_tokens: 1000, completion_tokens: 500 },
      }),
    });
    const gateway = await startGateway(`  summarize:\n    targets:\n${target('gpt-4o-mini', price)}`, {
      extra: providers(up),
    });
    const completion = await gateway.client.chat.completions.create({
      model: 'summarize',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Capital of France?' },
      ],
      temperature: 0,
    });
    expect(completion.choices[0]?.message.content).toBe('Paris');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({
      prompt_tokens: 1000,
      completion_tokens: 500,
      total_tokens: 1500,
    });
    // the upstream got the model name, the messages and the gateway's own key, never the client's
    const sent = up.requests[0];
    expect(sent?.headers.authorization).toBe(`Bearer ${upstreamSecret}`);
    expect(sent?.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0 });
    await gateway.server.close();
    const [trace] = await tracesOf(gateway);
    expect(trace).toMatchObject({
      keyName: 'team-a',
      route: 'summarize',
      requestedModel: 'summarize',
      status: 200,
      // the provider as gateway.yaml names it
      provider: 'up',
      // the model the upstream reported answering, not the configured name (that one is in the attempts)
      model: 'gpt-4o-mini-2024-07-18',
      inputTokens: 1000,
      outputTokens: 500,
      stream: false,
      cacheHit: false,
      requestJson: null,
    });
    // 1000 × $1/M + 500 × $2/M
    expect(trace?.costUsd).toBeCloseTo(0.002, 10);
    expect(trace?.attempts).toHaveLength(1);
    expect(trace?.latencyMs).toBeGreaterThan(0);
  });

  it('streams chunks through as they arrive and adds the usage chunk when asked', async () => {
    const up = await upstream({
      sse: openaiChatStream({
        content: 'The capital of France is Paris.',
        usage: { prompt_tokens: 12, completion_tokens: 8 },
      }),
      delayMs: 5,
    });
    const gateway = await startGateway(`  chat:\n    targets:\n${target('gpt-4o-mini', price)}`, {
      extra: providers(up),
    });
    const stream = await gateway.client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'Capital of France?' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | undefined | null;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      chunks += 1;
      text += chunk.choices[0]?.delta.content ?? '';
      finish ??= chunk.choices[0]?.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('The capital of France is Paris.');
    expect(chunks).toBeGreaterThan(5);
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 8 });
    await gateway.server.close();
    const [trace] = await tracesOf(gateway);
    expect(trace).toMatchObject({ stream: true, status: 200, inputTokens: 12, outputTokens: 8 });
    expect(trace?.ttftMs).toBeGreaterThan(0);
  });

  it('serves embeddings, in the base64 encoding the SDK asks for, and traces their cost', async () => {
    const up = await upstream({
      status: 200,
      json: {
        object: 'list',
        data: [
          { object: 'embedding', index: 0, embedding: [0.25, -0.5, 1] },
          { object: 'embedding', index: 1, embedding: [0, 0.125, -1] },
        ],
        model: 'text-embedding-3-small',
        usage: { prompt_tokens: 8, total_tokens: 8 },
      },
    });
    const gateway = await startGateway(
      `  embed:\n    targets:\n      - { model: up:text-embedding-3-small, price: { input: 0.02, output: 0 } }\n`,
      { extra: providers(up) },
    );
    const result = await gateway.client.embeddings.create({ model: 'embed', input: ['first', 'second'] });
    expect(result.data.map((item) => item.embedding)).toEqual([
      [0.25, -0.5, 1],
      [0, 0.125, -1],
    ]);
    expect(result.usage).toEqual({ prompt_tokens: 8, total_tokens: 8 });
    expect(up.requests[0]?.body).toMatchObject({
      model: 'text-embedding-3-small',
      input: ['first', 'second'],
    });
    await gateway.server.close();
    const [trace] = await tracesOf(gateway);
    expect(trace).toMatchObject({ endpoint: '/v1/embeddings', status: 200, inputTokens: 8 });
    expect(trace?.costUsd).toBeCloseTo(8 * 0.02e-6, 15);
  });

  it('answers a repeated request from the exact-match cache, streamed or not, and charges nothing for it', async () => {
    const up = await upstream(
      streamOrNot(
        openaiChatStream({
          content: 'fresh stream',
          usage: { prompt_tokens: 10, completion_tokens: 2 },
        }),
        openaiChatCompletion({
          content: 'cached answer',
          usage: { prompt_tokens: 10, completion_tokens: 2 },
        }),
      ),
    );
    const gateway = await startGateway(
      `  faq:\n    cache: { ttlSeconds: 60 }\n    targets:\n${target('gpt-4o-mini', price)}`,
      {
        extra: providers(up),
      },
    );
    const ask = (temperature: number) =>
      gateway.client.chat.completions.create({
        model: 'faq',
        temperature,
        messages: [{ role: 'user', content: 'Bag allowance?' }],
      });
    expect((await ask(0)).choices[0]?.message.content).toBe('cached answer');
    expect((await ask(0)).choices[0]?.message.content).toBe('cached answer');
    expect(up.requests).toHaveLength(1);
    // the same request streamed is replayed from the cache as a stream
    const stream = await gateway.client.chat.completions.create({
      model: 'faq',
      temperature: 0,
      messages: [{ role: 'user', content: 'Bag allowance?' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('cached answer');
    expect(up.requests).toHaveLength(1);
    // a different request is not
    await ask(0.5);
    expect(up.requests).toHaveLength(2);
    await gateway.server.close();
    const traces = await tracesOf(gateway);
    const hits = traces.filter((trace) => trace.cacheHit);
    expect(hits.map((trace) => trace.costUsd)).toEqual([0, 0]);
    expect(traces.filter((trace) => !trace.cacheHit).every((trace) => (trace.costUsd ?? 0) > 0)).toBe(true);
    expect(traces).toHaveLength(4);
  });

  it('exports each request as an OTLP span with the GenAI attributes when a collector is configured', async () => {
    const up = await upstream({
      status: 200,
      json: openaiChatCompletion({ content: 'ok', usage: { prompt_tokens: 30, completion_tokens: 7 } }),
    });
    const collector = await upstream({ status: 200, json: {} });
    const gateway = await startGateway(`  chat:\n    targets:\n${target()}`, {
      extra: `tracing:\n  otlp: { endpoint: ${collector.url}/v1/traces }\n${providers(up)}`,
    });
    await gateway.client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'hi' }],
    });
    await gateway.server.close();
    expect(collector.requests).toHaveLength(1);
    const body = collector.requests[0]?.body as {
      resourceSpans: Array<{
        scopeSpans: Array<{
          spans: Array<{ name: string; attributes: Array<{ key: string; value: Record<string, unknown> }> }>;
        }>;
      }>;
    };
    const span = body.resourceSpans[0]?.scopeSpans[0]?.spans[0];
    expect(span?.name).toBe('chat gpt-4o-mini-2024-07-18');
    const attributes = Object.fromEntries(
      (span?.attributes ?? []).map((item) => [item.key, Object.values(item.value)[0]]),
    );
    expect(attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'up',
      // the model configured on the target, and the one the upstream said answered
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'yardstick.requested_model': 'chat',
      'gen_ai.usage.input_tokens': '30',
      'gen_ai.usage.output_tokens': '7',
      'yardstick.route': 'chat',
      'yardstick.key.name': 'team-a',
    });
    expect(JSON.stringify(body)).not.toContain(upstreamSecret);
  });

  it('passes tools through, returns the tool calls, and keeps both bodies when the route captures them', async () => {
    const up = await upstream({
      status: 200,
      json: openaiChatCompletion({ toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] }),
    });
    const gateway = await startGateway(`  agent:\n    capture: true\n    targets:\n${target()}`, {
      extra: providers(up),
    });
    const completion = await gateway.client.chat.completions.create({
      model: 'agent',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        },
      ],
      tool_choice: 'auto',
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' ? call.function : undefined).toEqual({
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
    });
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect((up.requests[0]?.body as { tools: unknown[] }).tools).toHaveLength(1);
    await gateway.server.close();
    const [trace] = await tracesOf(gateway);
    expect(JSON.parse(trace?.requestJson ?? '{}')).toMatchObject({ model: 'agent', tool_choice: 'auto' });
    expect(JSON.parse(trace?.responseJson ?? '{}')).toMatchObject({
      choices: [{ finish_reason: 'tool_calls' }],
    });
  });

  it('passes each streamed part on as it arrives, not when the answer is complete', async () => {
    const up = await upstream({
      sse: openaiChatStream({ content: 'one two three four', chunkSize: 4 }),
      delayMs: 150,
    });
    const gateway = await startGateway(`  chat:\n    targets:\n${target()}`, { extra: providers(up) });
    const started = Date.now();
    const stream = await gateway.client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'count' }],
      stream: true,
    });
    const arrivals: number[] = [];
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) arrivals.push(Date.now() - started);
    }
    // five content frames 150 ms apart upstream: the first reaches the client long before the last
    expect(arrivals.length).toBeGreaterThanOrEqual(4);
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThan(400);
  });

  it('falls back to the next target on a 5xx and records both attempts', async () => {
    const broken = await upstream({
      status: 503,
      json: { error: { message: 'overloaded', type: 'server_error' } },
    });
    const healthy = await upstream({
      status: 200,
      json: openaiChatCompletion({ content: 'from the fallback' }),
    });
    const gateway = await startGateway(
      `  chat:\n    targets:\n      - { model: up:primary }\n      - { model: up1:secondary }\n`,
      { extra: providers(broken, healthy), random: () => 0 },
    );
    const completion = await gateway.client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0]?.message.content).toBe('from the fallback');
    await gateway.server.close();
    const [trace] = await tracesOf(gateway);
    expect(trace?.attempts.map((attempt) => [attempt.model, attempt.status])).toEqual([
      ['primary', 503],
      ['secondary', 200],
    ]);
  });

  it('skips a target whose provider key is not set, and says which variable when no target is left', async () => {
    const healthy = await upstream({
      status: 200,
      json: openaiChatCompletion({ content: 'from the keyed one' }),
    });
    const gateway = await startGateway(
      `  chat:\n    targets:\n      - { model: nokey:a }\n      - { model: up:b }\n  lonely:\n    targets:\n      - { model: nokey:a }\n`,
      {
        extra: `providers:\n  nokey: { type: openai, baseUrl: ${healthy.url}/v1, apiKeyEnv: NOT_SET_KEY }\n  up: { type: openai, baseUrl: ${healthy.url}/v1, apiKeyEnv: UP_KEY }\n`,
        random: () => 0,
      },
    );
    const completion = await gateway.client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0]?.message.content).toBe('from the keyed one');
    const error = await gateway.client.chat.completions
      .create({ model: 'lonely', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect((error as Error).message).toContain('NOT_SET_KEY is not set');
    expect(healthy.requests).toHaveLength(1);
  });

  it('does not fall back on what fallbackOn leaves out, and says what the upstream said', async () => {
    const limited = await upstream({
      status: 429,
      headers: { 'retry-after': '7' },
      json: { error: { message: 'Rate limit reached', type: 'requests' } },
    });
    const healthy = await upstream({ status: 200, json: openaiChatCompletion({ content: 'never' }) });
    const gateway = await startGateway(
      `  chat:\n    fallbackOn: [5xx]\n    targets:\n      - { model: up:a }\n      - { model: up1:b }\n`,
      { extra: providers(limited, healthy), random: () => 0 },
    );
    const error = await gateway.client.chat.completions
      .create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('7');
    expect(healthy.requests).toHaveLength(0);
  });

  it('times out a hung upstream with a 504, and falls back when told to', async () => {
    const hung = await upstream({ hang: true });
    const gateway = await startGateway(`  chat:\n    timeoutMs: 200\n    targets:\n${target()}`, {
      extra: providers(hung),
    });
    const started = Date.now();
    const error = await gateway.client.chat.completions
      .create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(504);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('gives a well-formed 502 for a malformed upstream body', async () => {
    const garbled = await upstream({
      status: 200,
      raw: '{"id": "x", "choices": [',
      contentType: 'application/json',
    });
    const gateway = await startGateway(`  chat:\n    targets:\n${target()}`, {
      extra: providers(garbled),
    });
    const error = await gateway.client.chat.completions
      .create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((error as Error).message).toMatch(/upstream failed/);
  });

  it('ends a stream cut by the upstream with an error event the client sees, not a hang', async () => {
    const cut = await upstream({
      sse: openaiChatStream({ content: 'a long answer that will be cut short' }),
      cutAfter: 3,
    });
    const gateway = await startGateway(`  chat:\n    targets:\n${target()}`, { extra: providers(cut) });
    const stream = await gateway.client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let text = '';
    const consume = async (): Promise<void> => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    };
    await expect(consume()).rejects.toThrow(/upstream stream failed/);
    expect(text.length).toBeGreaterThan(0);
    await gateway.server.close();
    expect((await tracesOf(gateway))[0]).toMatchObject({ status: 502, errorCode: 'E_STREAM_CUT' });
  });

  it('aborts the upstream request when the client disconnects', async () => {
    let upstreamClosed = false;
    const slow = await startFakeServer();
    opened.push(slow);
    const gateway = await startGateway(`  chat:\n    targets:\n${target()}`, { extra: providers(slow) });
    slow.respondWith(() => ({ hang: true }));
    const controller = new AbortController();
    const pending = gateway.client.chat.completions
      .create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(slow.requests).toHaveLength(1);
    controller.abort();
    await pending;
    // the gateway's metrics show nothing left in flight once the upstream call was aborted
    for (let tries = 0; tries < 50 && !upstreamClosed; tries += 1) {
      const metrics = await fetch(`${gateway.url}/metrics`).then((response) => response.text());
      upstreamClosed = metrics.includes('yardstick_gateway_in_flight 0');
      if (!upstreamClosed) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(upstreamClosed).toBe(true);
  });
});

describe('keys, limits and errors', () => {
  const echo = () =>
    upstream({
      status: 200,
      json: openaiChatCompletion({ content: 'ok', usage: { prompt_tokens: 1000, completion_tokens: 1000 } }),
    });
  const ask = (gateway: TestGateway, model = 'chat') =>
    gateway.client.chat.completions
      .create({ model, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);

  it('refuses a missing, unknown or revoked key with 401, at once', async () => {
    const up = await echo();
    const gateway = await startGateway(`  chat:\n    targets:\n${target()}`, { extra: providers(up) });
    const noKey = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({
      error: { type: 'authentication_error', code: 'invalid_api_key' },
    });
    const wrong = new OpenAI({
      apiKey: `${gateway.key.slice(0, -4)}AAAA`,
      baseURL: `${gateway.url}/v1`,
      maxRetries: 0,
    });
    await expect(
      wrong.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    expect(await ask(gateway)).toMatchObject({ choices: [{ message: { content: 'ok' } }] });
    await gateway.store.revokeKey((await gateway.store.listKeys())[0]?.id ?? '', new Date().toISOString());
    const revoked = await ask(gateway);
    expect(revoked).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((revoked as Error).message).toContain('revoked');
  });

  it('refuses a route the key may not use with 403 and an unknown model with 404 listing the routes', async () => {
    const up = await echo();
    const gateway = await startGateway(
      `  chat:\n    targets:\n${target()}  secret-route:\n    targets:\n${target()}`,
      { extra: providers(up), keyOptions: { name: 'narrow', routes: ['chat'] } },
    );
    const forbidden = await ask(gateway, 'secret-route');
    expect(forbidden).toBeInstanceOf(OpenAI.PermissionDeniedError);
    const unknown = await ask(gateway, 'chta');
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect((unknown as Error).message).toContain('this key may use: chat');
    const models = await gateway.client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(['chat']);
  });

  it('answers malformed JSON and a bad field with 400, and a body over the limit with 413', async () => {
    const up = await echo();
    const gateway = await startGateway(`  chat:\n    targets:\n${target()}`, {
      extra: `server: { maxBodyBytes: 2048 }\n${providers(up)}`,
    });
    const post = (body: string) =>
      fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gateway.key}`, 'content-type': 'application/json' },
        body,
      });
    const broken = await post('{"model": "chat", "messages": [');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { message: string } }).error.message).toMatch(/not valid JSON/);
    const badField = await post(
      JSON.stringify({ model: 'chat', messages: [{ role: 'robot', content: 'x' }] }),
    );
    expect(badField.status).toBe(400);
    expect(((await badField.json()) as { error: { param: string } }).error.param).toBe('messages.0.role');
    const huge = await post(
      JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'x'.repeat(5000) }] }),
    );
    expect(huge.status).toBe(413);
    expect(up.requests).toHaveLength(0);
  });

  it('stops a key at its requests per minute with 429 and Retry-After', async () => {
    const up = await echo();
    const gateway = await startGateway(`  chat:\n    targets:\n${target()}`, {
      extra: providers(up),
      keyOptions: { name: 'slow', rpm: 2 },
    });
    expect(await ask(gateway)).not.toBeInstanceOf(Error);
    expect(await ask(gateway)).not.toBeInstanceOf(Error);
    const limited = await ask(gateway);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as Error).message).toContain('2 requests per minute');
    const retryAfter = Number(
      (limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after'),
    );
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('never writes the upstream secret or the client key to a response, a log, a trace or the store', async () => {
    const up = await upstream((request) =>
      request.headers.authorization === `Bearer ${upstreamSecret}`
        ? {
            status: 401,
            json: {
              error: { message: 'Incorrect API key provided: sk-upst***7Qx', type: 'invalid_request_error' },
            },
          }
        : { status: 500, json: {} },
    );
    const gateway = await startGateway(`  chat:\n    capture: true\n    targets:\n${target()}`, {
      extra: providers(up),
    });
    const error = await ask(gateway);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect(JSON.stringify(error)).not.toContain(upstreamSecret);
    await gateway.server.close();
    await gateway.store.close();
    const files = [gateway.dbPath, `${gateway.dbPath}-wal`].filter((file) => existsSync(file));
    const everything = [...files.map((file) => readFileSync(file, 'latin1')), gateway.logs.join('\n')].join(
      '\n',
    );
    expect(everything).toContain('team-a');
    expect(everything).not.toContain(upstreamSecret);
    expect(everything).not.toContain(gateway.key);
  });

  it('finishes the requests in flight and writes their traces when shutting down', async () => {
    const up = await upstream({
      status: 200,
      json: openaiChatCompletion({ content: 'late but whole' }),
      delayMs: 300,
    });
    const gateway = await startGateway(`  chat:\n    targets:\n${target()}`, { extra: providers(up) });
    const pending = Promise.all(Array.from({ length: 5 }, () => ask(gateway)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await gateway.server.close();
    const results = await pending;
    expect(results.map((result) => (result as OpenAI.ChatCompletion).choices?.[0]?.message.content)).toEqual(
      Array(5).fill('late but whole'),
    );
    expect((await tracesOf(gateway)).filter((trace) => trace.status === 200)).toHaveLength(5);
  });
});

describe('the Anthropic Messages API, served by any provider', () => {
  const anthropicClient = (gateway: TestGateway) =>
    new Anthropic({ apiKey: gateway.key, baseURL: gateway.url, maxRetries: 0, timeout: 10_000 });

  it('answers the Anthropic SDK from an OpenAI-compatible model, streaming and not', async () => {
    const up = await upstream(
      streamOrNot(
        openaiChatStream({
          content: 'Bonjour from a local model',
          usage: { prompt_tokens: 20, completion_tokens: 6 },
        }),
        openaiChatCompletion({
          content: 'Bonjour',
          usage: { prompt_tokens: 20, completion_tokens: 3 },
        }),
      ),
    );
    const gateway = await startGateway(`  chat:\n    targets:\n${target()}`, { extra: providers(up) });
    const client = anthropicClient(gateway);
    const message = await client.messages.create({
      model: 'chat',
      max_tokens: 100,
      system: 'Answer in French.',
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Bonjour' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 20, output_tokens: 3 });
    // the OpenAI upstream got the system prompt as a system message and the token limit
    expect(up.requests[0]?.body).toMatchObject({
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Say hello' },
      ],
    });

    const stream = client.messages.stream({
      model: 'chat',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    let deltas = '';
    stream.on('text', (text) => {
      deltas += text;
    });
    const final = await stream.finalMessage();
    expect(deltas).toBe('Bonjour from a local model');
    expect(final.content).toEqual([{ type: 'text', text: 'Bonjour from a local model' }]);
    expect(final.usage).toMatchObject({ input_tokens: 20, output_tokens: 6 });
    await gateway.server.close();
    expect((await tracesOf(gateway)).map((trace) => [trace.endpoint, trace.stream, trace.status])).toEqual(
      expect.arrayContaining([
        ['/v1/messages', false, 200],
        ['/v1/messages', true, 200],
      ]),
    );
  });

  it('turns tool calls into tool_use blocks, and tool results back into tool messages', async () => {
    const up = await upstream({
      status: 200,
      json: openaiChatCompletion({
        toolCalls: [{ name: 'lookup_booking', arguments: '{"reference":"K7P2QX"}' }],
      }),
    });
    const gateway = await startGateway(`  agent:\n    targets:\n${target()}`, { extra: providers(up) });
    const message = await anthropicClient(gateway).messages.create({
      model: 'agent',
      max_tokens: 200,
      tools: [
        {
          name: 'lookup_booking',
          input_schema: { type: 'object', properties: { reference: { type: 'string' } } },
        },
      ],
      messages: [
        { role: 'user', content: 'Where is my booking K7P2QX?' },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'toolu_1', name: 'lookup_booking', input: { reference: 'K7P2QX' } },
          ],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'confirmed, seat 12A' }],
        },
      ],
    });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content[0]).toMatchObject({
      type: 'tool_use',
      name: 'lookup_booking',
      input: { reference: 'K7P2QX' },
    });
    const sent = up.requests[0]?.body as { messages: Array<Record<string, unknown>> };
    expect(sent.messages[1]).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'toolu_1' }] });
    expect(sent.messages[2]).toMatchObject({
      role: 'tool',
      tool_call_id: 'toolu_1',
      content: 'confirmed, seat 12A',
    });
  });

  it('answers the OpenAI SDK from an Anthropic model, and errors in the Anthropic shape on /v1/messages', async () => {
    const up = await upstream(
      streamOrNot(
        anthropicStream({
          content: 'Hello from Claude',
          usage: { input_tokens: 9, output_tokens: 4 },
        }),
        anthropicMessage({
          content: 'Hello from Claude',
          usage: { input_tokens: 9, output_tokens: 4 },
        }),
      ),
    );
    const gateway = await startGateway(
      `  claude:\n    targets:\n      - { model: anth:claude-haiku-4-5 }\n`,
      {
        extra: `providers:\n  anth: { type: anthropic, baseUrl: ${up.url}/v1, apiKeyEnv: UP_KEY }\n`,
      },
    );
    const completion = await gateway.client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0]?.message.content).toBe('Hello from Claude');
    expect(completion.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 4 });
    expect(up.requests[0]?.headers['x-api-key']).toBe(upstreamSecret);
    const stream = await gateway.client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello from Claude');

    const unknown = await anthropicClient(gateway)
      .messages.create({ model: 'nope', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(unknown).toBeInstanceOf(Anthropic.NotFoundError);
    expect((unknown as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({
      type: 'error',
      error: { type: 'not_found_error' },
    });
  });
});
