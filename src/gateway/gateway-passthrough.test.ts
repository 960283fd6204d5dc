// Fields the gateway passes, maps or refuses (wire/wire-fields.ts), driven by the stock openai and Anthropic
// clients against fake upstreams that record what they received: extra fields reach an upstream of the
// client's own API as sent, and what it answers beyond the common shape reaches the client, streamed or not;
// a field another API cannot take is a 400 naming it, or dropped and traced on a dropUnsupported route.
import Anthropic from '@anthropic-ai/sdk';
import fc from 'fast-check';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import {
  anthropicMessage,
  anthropicStream,
  type FakeServer,
  openaiChatCompletion,
  openaiChatStream,
  startFakeServer,
} from '../testing/fake-server.js';
import { fuzzSeed } from '../testing/fuzz-seed.js';
import { openaiProviders, startTestGateway, type TestGateway } from './test-gateway.js';
import { wireFields } from './wire/wire-fields.js';

const opened: TestGateway[] = [];
afterEach(async () => {
  for (const gateway of opened.splice(0)) await gateway.close();
});

const anthropicProvider = (up: FakeServer): string =>
  `providers:\n  anth: { type: anthropic, baseUrl: ${up.url}/v1, apiKeyEnv: UP_KEY }\n`;

const gatewayOver = async (up: FakeServer, providers: string, model: string, routeExtra = '') => {
  const gateway = await startTestGateway(
    `${providers}routes:\n  chat:\n${routeExtra}    targets:\n      - { model: ${model} }\n`,
    { upstreams: [up] },
  );
  opened.push(gateway);
  return gateway;
};

const openaiClient = (gateway: TestGateway) =>
  new OpenAI({ apiKey: gateway.key, baseURL: `${gateway.url}/v1`, maxRetries: 0, timeout: 10_000 });
const anthropicClient = (gateway: TestGateway) =>
  new Anthropic({ apiKey: gateway.key, baseURL: gateway.url, maxRetries: 0, timeout: 10_000 });

const logprobs = {
  content: [{ token: 'Hi', logprob: -0.01, bytes: [72, 105], top_logprobs: [] }],
  refusal: null,
};

const thinking = { type: 'thinking', thinking: 'The user greets me.', signature: 'EqQBCgIYAhIM' };

/** SSE frames of an Anthropic stream that opens with a thinking block before its text. */
const anthropicThinkingStream = (): string[] => {
  const frames = anthropicStream({ content: 'Hello' });
  const frame = (data: Record<string, unknown>) => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
  const renumbered = frames
    .slice(1)
    .map((text) => text.replace(/"index":(\d+)/g, (_, n) => `"index":${Number(n) + 1}`));
  return [
    frames[0] as string,
    frame({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } }),
    frame({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'thinking_delta', thinking: 'The user greets me.' },
    }),
    frame({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'signature_delta', signature: 'EqQBCgIYAhIM' },
    }),
    frame({ type: 'content_block_stop', index: 0 }),
    ...renumbered,
  ];
};

describe('fields a client sends to an upstream of its own API', () => {
  it('go to an OpenAI upstream as sent, and its logprobs and system_fingerprint come back, streamed or not', async () => {
    const up = await startFakeServer((request) =>
      (request.body as { stream?: boolean }).stream
        ? {
            sse: openaiChatStream({ content: 'Hi' }).map((frame) =>
              frame.replace(
                '"delta":{"content":"Hi"},"logprobs":null',
                `"delta":{"content":"Hi"},"logprobs":${JSON.stringify(logprobs)}`,
              ),
            ),
          }
        : {
            status: 200,
            json: {
              ...openaiChatCompletion({ content: 'Hi' }),
              choices: [
                {
                  index: 0,
                  message: { role: 'assistant', content: 'Hi', refusal: null },
                  logprobs,
                  finish_reason: 'stop',
                },
              ],
            },
          },
    );
    const gateway = await gatewayOver(up, openaiProviders(up), 'up:gpt-4o-mini');
    const extra = {
      logprobs: true,
      top_logprobs: 2,
      parallel_tool_calls: false,
      reasoning_effort: 'low',
      service_tier: 'flex',
      metadata: { team: 'search' },
      user: 'user-1234',
      prediction: { type: 'content', content: 'Hi' },
      seed: 7,
    } as const;
    const tools = [{ type: 'function' as const, function: { name: 'noop', parameters: { type: 'object' } } }];
    const client = openaiClient(gateway);
    const completion = await client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'hi' }],
      tools,
      ...extra,
    });
    expect(up.requests[0]?.body).toMatchObject({ model: 'gpt-4o-mini', ...extra });
    expect(completion.choices[0]?.logprobs).toEqual(logprobs);
    expect(completion.system_fingerprint).toBe('fp_fake');
    expect(completion.service_tier).toBe('default');

    const stream = await client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
      ...extra,
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(up.requests[1]?.body).toMatchObject({ stream: true, ...extra });
    const content = chunks.find((chunk) => chunk.choices[0]?.delta.content === 'Hi');
    expect(content?.choices[0]?.logprobs).toEqual(logprobs);
    expect(chunks.every((chunk) => chunk.system_fingerprint === 'fp_fake')).toBe(true);
  });

  it('never serve from the cache a poorer answer: a stream with logprobs is not kept for a whole answer', async () => {
    const up = await startFakeServer((request) =>
      (request.body as { stream?: boolean }).stream
        ? {
            sse: openaiChatStream({ content: 'Hi' }).map((frame) =>
              frame.replace('"logprobs":null', `"logprobs":${JSON.stringify(logprobs)}`),
            ),
          }
        : {
            status: 200,
            json: {
              ...openaiChatCompletion({ content: 'Hi' }),
              choices: [
                { index: 0, message: { role: 'assistant', content: 'Hi' }, logprobs, finish_reason: 'stop' },
              ],
            },
          },
    );
    const gateway = await gatewayOver(
      up,
      openaiProviders(up),
      'up:gpt-4o-mini',
      '    cache: { ttlSeconds: 60 }\n',
    );
    const client = openaiClient(gateway);
    const ask = { model: 'chat', messages: [{ role: 'user' as const, content: 'hi' }], logprobs: true };
    for await (const _ of await client.chat.completions.create({ ...ask, stream: true })) {
      // drain the stream
    }
    const whole = await client.chat.completions.create(ask);
    expect(whole.choices[0]?.logprobs).toEqual(logprobs);
    expect(up.requests).toHaveLength(2);
    // a whole answer is kept whole, extras and all
    const again = await client.chat.completions.create(ask);
    expect(again.choices[0]?.logprobs).toEqual(logprobs);
    expect(up.requests).toHaveLength(2);
  });

  it('go to an Anthropic upstream as sent, and its thinking blocks come back, streamed or not', async () => {
    const up = await startFakeServer((request) =>
      (request.body as { stream?: boolean }).stream
        ? { sse: anthropicThinkingStream() }
        : {
            status: 200,
            json: {
              ...anthropicMessage({ content: 'Hello' }),
              content: [thinking, { type: 'text', text: 'Hello' }],
            },
          },
    );
    const gateway = await gatewayOver(up, anthropicProvider(up), 'anth:claude-sonnet-4-5');
    const extra = {
      thinking: { type: 'enabled', budget_tokens: 1024 },
      top_k: 5,
      metadata: { user_id: 'user-1234' },
      service_tier: 'standard_only',
    } as const;
    const client = anthropicClient(gateway);
    const message = await client.messages.create({
      model: 'chat',
      max_tokens: 2048,
      messages: [{ role: 'user', content: 'hi' }],
      ...extra,
    });
    expect(up.requests[0]?.body).toMatchObject({ model: 'claude-sonnet-4-5', ...extra });
    expect(message.content).toEqual([thinking, { type: 'text', text: 'Hello' }]);

    const final = await client.messages
      .stream({ model: 'chat', max_tokens: 2048, messages: [{ role: 'user', content: 'hi' }], ...extra })
      .finalMessage();
    expect(up.requests[1]?.body).toMatchObject({ stream: true, ...extra });
    expect(final.content).toEqual([thinking, { type: 'text', text: 'Hello' }]);
  });

  it('send an earlier turn’s thinking back to an Anthropic upstream, as its tool use needs; not to another', async () => {
    const turns: Anthropic.MessageParam[] = [
      { role: 'user', content: 'Booking K7?' },
      {
        role: 'assistant',
        content: [
          thinking as Anthropic.ThinkingBlockParam,
          { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { ref: 'K7' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'seat 12A' }] },
    ];
    const tools = [{ name: 'lookup', input_schema: { type: 'object' as const } }];
    const anthropicUp = await startFakeServer({ status: 200, json: anthropicMessage({ content: '12A' }) });
    const toAnthropic = await gatewayOver(
      anthropicUp,
      anthropicProvider(anthropicUp),
      'anth:claude-sonnet-4-5',
    );
    await anthropicClient(toAnthropic).messages.create({
      model: 'chat',
      max_tokens: 2048,
      tools,
      messages: turns,
    });
    const sent = anthropicUp.requests[0]?.body as { messages: Array<{ content: unknown }> };
    expect(sent.messages[1]?.content).toEqual([
      thinking,
      { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { ref: 'K7' } },
    ]);

    const openaiUp = await startFakeServer({ status: 200, json: openaiChatCompletion({ content: '12A' }) });
    const toOpenAI = await gatewayOver(openaiUp, openaiProviders(openaiUp), 'up:gpt-4o-mini');
    await anthropicClient(toOpenAI).messages.create({
      model: 'chat',
      max_tokens: 2048,
      tools,
      messages: turns,
    });
    expect(JSON.stringify(openaiUp.requests[0]?.body)).not.toContain('thinking');
  });

  it('go to an OpenAI embeddings upstream as sent (dimensions, user)', async () => {
    const up = await startFakeServer({
      status: 200,
      json: {
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding: [0.5, 0.25] }],
        model: 'e',
        usage: { prompt_tokens: 2, total_tokens: 2 },
      },
    });
    const gateway = await gatewayOver(up, openaiProviders(up), 'up:text-embedding-3-small');
    await openaiClient(gateway).embeddings.create({
      model: 'chat',
      input: 'hi',
      dimensions: 2,
      user: 'user-1234',
    });
    expect(up.requests[0]?.body).toMatchObject({
      model: 'text-embedding-3-small',
      dimensions: 2,
      user: 'user-1234',
    });
  });

  it('random unknown fields reach the upstream byte-identical in JSON', async () => {
    const up = await startFakeServer({ status: 200, json: openaiChatCompletion({ content: 'ok' }) });
    const gateway = await gatewayOver(up, openaiProviders(up), 'up:gpt-4o-mini');
    const client = openaiClient(gateway);
    const known = new Set(Object.keys(wireFields['openai-chat']));
    const json = fc.jsonValue({ maxDepth: 3 }).filter((value) => JSON.stringify(value).length < 2_000);
    const fields = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 12 }).filter((name) => !known.has(name)),
      json,
      { minKeys: 1, maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(fields, async (extra) => {
        const before = up.requests.length;
        const body = { model: 'chat', messages: [{ role: 'user', content: 'hi' }], ...extra };
        await client.chat.completions.create(
          body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming,
        );
        const sent = up.requests[before]?.body as Record<string, unknown>;
        for (const [name, value] of Object.entries(extra)) {
          expect(JSON.stringify(sent[name]), name).toBe(JSON.stringify(value));
        }
      }),
      { numRuns: 40, seed: fuzzSeed(20261129) },
    );
  });

  it('random unknown fields reach an Anthropic upstream byte-identical in JSON', async () => {
    const up = await startFakeServer({ status: 200, json: anthropicMessage({ content: 'ok' }) });
    const gateway = await gatewayOver(up, anthropicProvider(up), 'anth:claude-haiku-4-5');
    const client = anthropicClient(gateway);
    const known = new Set(Object.keys(wireFields['anthropic-messages']));
    const json = fc.jsonValue({ maxDepth: 3 }).filter((value) => JSON.stringify(value).length < 2_000);
    const fields = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 12 }).filter((name) => !known.has(name)),
      json,
      { minKeys: 1, maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(fields, async (extra) => {
        const before = up.requests.length;
        const body = { model: 'chat', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], ...extra };
        await client.messages.create(body as unknown as Anthropic.MessageCreateParamsNonStreaming);
        const sent = up.requests[before]?.body as Record<string, unknown>;
        for (const [name, value] of Object.entries(extra)) {
          expect(JSON.stringify(sent[name]), name).toBe(JSON.stringify(value));
        }
      }),
      { numRuns: 25, seed: fuzzSeed(20261130) },
    );
  });
});

describe('fields an upstream of another API cannot take', () => {
  it('are a 400 naming the field and the target, before any upstream call (OpenAI client, Anthropic target)', async () => {
    const up = await startFakeServer({ status: 200, json: anthropicMessage({ content: 'x' }) });
    const gateway = await gatewayOver(up, anthropicProvider(up), 'anth:claude-haiku-4-5');
    const refused = await openaiClient(gateway)
      .chat.completions.create({
        model: 'chat',
        messages: [{ role: 'user', content: 'hi' }],
        logprobs: true,
        top_logprobs: 2,
      })
      .catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    const error = refused as InstanceType<typeof OpenAI.BadRequestError>;
    expect(error.param).toBe('logprobs');
    expect(error.code).toBe('unsupported_field');
    expect(error.message).toContain('target anth:claude-haiku-4-5 of route "chat"');
    expect(error.message).toContain('dropUnsupported');
    for (const field of [{ reasoning_effort: 'low' }, { seed: 1 }, { service_tier: 'flex' }]) {
      const caught = await openaiClient(gateway)
        .chat.completions.create({
          model: 'chat',
          messages: [{ role: 'user', content: 'hi' }],
          ...field,
        } as OpenAI.ChatCompletionCreateParamsNonStreaming)
        .catch((failure: unknown) => failure);
      expect((caught as InstanceType<typeof OpenAI.BadRequestError>).param).toBe(Object.keys(field)[0]);
    }
    expect(up.requests).toHaveLength(0);
    // a value that asks for nothing is no reason to refuse
    await openaiClient(gateway).chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'hi' }],
      logprobs: false,
      frequency_penalty: 0,
    });
    expect(up.requests).toHaveLength(1);
  });

  it('are a 400 in Anthropic’s shape naming the field (Anthropic client, OpenAI target)', async () => {
    const up = await startFakeServer({ status: 200, json: openaiChatCompletion({ content: 'x' }) });
    const gateway = await gatewayOver(up, openaiProviders(up), 'up:gpt-4o-mini');
    const refused = await anthropicClient(gateway)
      .messages.create({
        model: 'chat',
        max_tokens: 2048,
        messages: [{ role: 'user', content: 'hi' }],
        thinking: { type: 'enabled', budget_tokens: 1024 },
      })
      .catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
    const error = refused as InstanceType<typeof Anthropic.BadRequestError>;
    expect(error.error).toEqual({
      type: 'error',
      error: {
        type: 'invalid_request_error',
        message: expect.stringMatching(/^thinking: target up:gpt-4o-mini /),
      },
    });
    const topK = await anthropicClient(gateway)
      .messages.create({
        model: 'chat',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'hi' }],
        ...{ top_k: 3 },
      })
      .catch((caught: unknown) => caught);
    expect((topK as InstanceType<typeof Anthropic.BadRequestError>).message).toContain('top_k:');
    expect(up.requests).toHaveLength(0);
  });

  it('are mapped where the other API has the same thing: user ↔ metadata.user_id, parallel tool calls', async () => {
    const anthropicUp = await startFakeServer({ status: 200, json: anthropicMessage({ content: 'x' }) });
    const toAnthropic = await gatewayOver(
      anthropicUp,
      anthropicProvider(anthropicUp),
      'anth:claude-haiku-4-5',
    );
    await openaiClient(toAnthropic).chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [{ type: 'function', function: { name: 'noop', parameters: { type: 'object' } } }],
      user: 'user-1234',
      parallel_tool_calls: false,
    });
    expect(anthropicUp.requests[0]?.body).toMatchObject({
      metadata: { user_id: 'user-1234' },
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
    });

    const openaiUp = await startFakeServer({ status: 200, json: openaiChatCompletion({ content: 'x' }) });
    const toOpenAI = await gatewayOver(openaiUp, openaiProviders(openaiUp), 'up:gpt-4o-mini');
    await anthropicClient(toOpenAI).messages.create({
      model: 'chat',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'hi' }],
      tools: [{ name: 'noop', input_schema: { type: 'object' } }],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      metadata: { user_id: 'user-1234' },
    });
    expect(openaiUp.requests[0]?.body).toMatchObject({ user: 'user-1234', parallel_tool_calls: false });
  });

  it('are dropped, and named in the trace, on a route with dropUnsupported: true', async () => {
    const up = await startFakeServer({
      status: 200,
      json: anthropicMessage({ content: 'dropped and answered' }),
    });
    const gateway = await gatewayOver(
      up,
      anthropicProvider(up),
      'anth:claude-haiku-4-5',
      '    dropUnsupported: true\n',
    );
    const completion = await openaiClient(gateway).chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'hi' }],
      logprobs: true,
      reasoning_effort: 'low',
      seed: 3,
      user: 'user-1234',
    });
    expect(completion.choices[0]?.message.content).toBe('dropped and answered');
    const sent = up.requests[0]?.body as Record<string, unknown>;
    expect(
      Object.keys(sent).filter((name) => ['logprobs', 'reasoning_effort', 'seed'].includes(name)),
    ).toEqual([]);
    expect(sent.metadata).toEqual({ user_id: 'user-1234' });
    await gateway.server.close();
    const [trace] = await gateway.traces();
    expect(trace?.attempts).toEqual([
      expect.objectContaining({
        // the provider as gateway.yaml names it, whose type (anthropic) could not take the fields
        provider: 'anth',
        status: 200,
        droppedFields: ['logprobs', 'reasoning_effort', 'seed'],
      }),
    ]);
  });
});

describe('POST /v1/messages/count_tokens', () => {
  it('answers the Anthropic upstream’s own count when the route’s target is Anthropic', async () => {
    const up = await startFakeServer((request) =>
      request.path === '/v1/messages/count_tokens'
        ? { status: 200, json: { input_tokens: 42 } }
        : { status: 404, json: { type: 'error', error: { type: 'not_found_error', message: request.path } } },
    );
    const gateway = await gatewayOver(up, anthropicProvider(up), 'anth:claude-haiku-4-5');
    const { data, response } = await anthropicClient(gateway)
      .messages.countTokens({
        model: 'chat',
        system: 'Be brief.',
        messages: [{ role: 'user', content: 'hi' }],
        thinking: { type: 'enabled', budget_tokens: 1024 },
      })
      .withResponse();
    expect(data).toEqual({ input_tokens: 42 });
    expect(response.headers.get('x-yardstick-token-count')).toBe('upstream');
    expect(up.requests[0]?.body).toEqual({
      model: 'claude-haiku-4-5',
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'hi' }],
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
    expect(up.requests[0]?.headers['x-api-key']).toBeDefined();
  });

  it('answers an estimate, marked as such, when the route’s target is not Anthropic', async () => {
    const up = await startFakeServer({ status: 200, json: openaiChatCompletion({ content: 'x' }) });
    const gateway = await gatewayOver(up, openaiProviders(up), 'up:gpt-4o-mini');
    const { data, response } = await anthropicClient(gateway)
      .messages.countTokens({ model: 'chat', messages: [{ role: 'user', content: 'x'.repeat(400) }] })
      .withResponse();
    expect(response.headers.get('x-yardstick-token-count')).toBe('estimate');
    expect(data.input_tokens).toBeGreaterThanOrEqual(100);
    expect(data.input_tokens).toBeLessThan(120);
    expect(up.requests).toHaveLength(0);
  });

  it('refuses a route the key may not use, in Anthropic’s shape', async () => {
    const up = await startFakeServer({ status: 200, json: {} });
    const gateway = await gatewayOver(up, anthropicProvider(up), 'anth:claude-haiku-4-5');
    const caught = await anthropicClient(gateway)
      .messages.countTokens({ model: 'nope', messages: [{ role: 'user', content: 'x' }] })
      .catch((failure: unknown) => failure);
    expect(caught).toBeInstanceOf(Anthropic.NotFoundError);
    expect((caught as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({
      type: 'error',
      error: { type: 'not_found_error' },
    });
  });
});
