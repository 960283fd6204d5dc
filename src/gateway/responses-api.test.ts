// POST /v1/responses through the official openai client's `responses.create` and `responses.stream`, answered by
// fake upstreams speaking OpenAI Chat Completions and Anthropic Messages: text, instructions, a tool round trip,
// JSON schema output, a cut answer, streams with their events, the cache, the trace, and the failures.
import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it } from 'vitest';
import {
  anthropicMessage,
  anthropicStream,
  type FakeScript,
  type FakeServer,
  openaiChatCompletion,
  openaiChatStream,
  startFakeServer,
} from '../testing/fake-server.js';
import { openaiProviders, startTestGateway, type TestGateway } from './test-gateway.js';

const opened: TestGateway[] = [];
afterEach(async () => {
  for (const gateway of opened.splice(0)) await gateway.close();
});

const price = ', price: { input: 1, output: 2 }';

/** An upstream that streams these frames to a streaming request and answers others with this JSON. */
const streamOrNot =
  (sse: string[], json: unknown): FakeScript =>
  (request) =>
    (request.body as { stream?: boolean }).stream ? { sse } : { status: 200, json };

const gatewayOver = async (upstream: FakeServer, route = '', kind: 'openai' | 'anthropic' = 'openai') => {
  const providers =
    kind === 'openai'
      ? openaiProviders(upstream)
      : `providers:\n  up: { type: anthropic, baseUrl: ${upstream.url}/v1, apiKeyEnv: UP_KEY }\n`;
  const model = kind === 'openai' ? 'gpt-4o-mini' : 'claude-haiku-4-5';
  const gateway = await startTestGateway(
    `${providers}routes:\n  chat:\n${route}    targets:\n      - { model: up:${model}${price} }\n`,
    { upstreams: [upstream] },
  );
  opened.push(gateway);
  const client = new OpenAI({ apiKey: gateway.key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  return { gateway, client };
};

const upstreamBody = (upstream: FakeServer, index = 0) =>
  upstream.requests[index]?.body as Record<string, unknown>;

/** The events of a stream, checked to be numbered 0, 1, 2, … as the SDK's stream helper relies on. */
const collect = async (stream: AsyncIterable<ResponseStreamEvent>): Promise<ResponseStreamEvent[]> => {
  const events: ResponseStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
  return events;
};

describe('POST /v1/responses with the openai client', () => {
  it('answers text with instructions, usage with cached and reasoning tokens, and traces tokens and cost', async () => {
    const upstream = await startFakeServer({
      status: 200,
      json: openaiChatCompletion({
        content: 'Paris',
        usage: { prompt_tokens: 20, completion_tokens: 6, cached_tokens: 8, reasoning_tokens: 2 },
      }),
    });
    const { gateway, client } = await gatewayOver(upstream);
    const response = await client.responses.create({
      model: 'chat',
      instructions: 'Answer in one word.',
      input: 'What is the capital of France?',
      temperature: 0.2,
      metadata: { ticket: 'T-1' },
      user: 'u-42',
    });
    expect(response.id).toMatch(/^resp_/);
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe('Paris');
    expect(response.output[0]).toMatchObject({
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: 'Paris', annotations: [] }],
    });
    expect(response.usage).toEqual({
      input_tokens: 20,
      input_tokens_details: { cached_tokens: 8 },
      output_tokens: 6,
      output_tokens_details: { reasoning_tokens: 2 },
      total_tokens: 26,
    });
    expect(response).toMatchObject({
      instructions: 'Answer in one word.',
      temperature: 0.2,
      metadata: { ticket: 'T-1' },
      user: 'u-42',
      incomplete_details: null,
      error: null,
      store: false,
    });
    expect(upstream.requests[0]?.path).toBe('/v1/chat/completions');
    expect(upstreamBody(upstream)).toMatchObject({
      model: 'gpt-4o-mini',
      temperature: 0.2,
      messages: [
        { role: 'system', content: 'Answer in one word.' },
        { role: 'user', content: 'What is the capital of France?' },
      ],
    });
    await gateway.server.close();
    const [trace] = await gateway.traces();
    expect(trace).toMatchObject({
      id: response.id,
      endpoint: '/v1/responses',
      route: 'chat',
      status: 200,
      // the provider as gateway.yaml names it
      provider: 'up',
      inputTokens: 20,
      cachedInputTokens: 8,
      outputTokens: 6,
      reasoningTokens: 2,
      cacheHit: false,
    });
    expect(trace?.costUsd).toBeGreaterThan(0);
  });

  it('takes message items with content parts and developer and assistant roles', async () => {
    const upstream = await startFakeServer({ status: 200, json: openaiChatCompletion({ content: 'ok' }) });
    const { client } = await gatewayOver(upstream);
    await client.responses.create({
      model: 'chat',
      input: [
        { role: 'developer', content: 'Be terse.' },
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'Hi ' },
            { type: 'input_text', text: 'there' },
          ],
        },
        {
          id: 'msg_earlier',
          type: 'message',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: 'Hello', annotations: [] }],
        },
        { role: 'user', content: 'Bye' },
      ],
    });
    expect(upstreamBody(upstream).messages).toEqual([
      { role: 'system', content: 'Be terse.' },
      { role: 'user', content: 'Hi there' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'Bye' },
    ]);
  });

  it('round-trips a function tool: a function_call item out, its function_call_output back in', async () => {
    const upstream = await startFakeServer([
      {
        status: 200,
        json: openaiChatCompletion({
          toolCalls: [{ id: 'call_w1', name: 'weather', arguments: '{"city":"Oslo"}' }],
        }),
      },
      { status: 200, json: openaiChatCompletion({ content: 'It is 3°C in Oslo.' }) },
    ]);
    const { client } = await gatewayOver(upstream);
    const tools: OpenAI.Responses.Tool[] = [
      {
        type: 'function',
        name: 'weather',
        description: 'Weather in a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        strict: true,
      },
    ];
    const first = await client.responses.create({
      model: 'chat',
      input: 'Weather in Oslo?',
      tools,
      tool_choice: { type: 'function', name: 'weather' },
      parallel_tool_calls: false,
    });
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({
      type: 'function_call',
      call_id: 'call_w1',
      name: 'weather',
      arguments: '{"city":"Oslo"}',
      status: 'completed',
    });
    expect(call?.id).toMatch(/^fc_/);
    expect(first.output.some((item) => item.type === 'message')).toBe(false);
    expect(upstreamBody(upstream)).toMatchObject({
      tools: [
        { type: 'function', function: { name: 'weather', description: 'Weather in a city', strict: true } },
      ],
      tool_choice: { type: 'function', function: { name: 'weather' } },
      parallel_tool_calls: false,
    });
    if (call?.type !== 'function_call') throw new Error('no function call');
    const second = await client.responses.create({
      model: 'chat',
      input: [
        { role: 'user', content: 'Weather in Oslo?' },
        call,
        { type: 'function_call_output', call_id: call.call_id, output: '{"celsius":3}' },
      ],
      tools,
    });
    expect(second.output_text).toBe('It is 3°C in Oslo.');
    expect(upstreamBody(upstream, 1).messages).toEqual([
      { role: 'user', content: 'Weather in Oslo?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_w1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_w1', content: '{"celsius":3}' },
    ]);
  });

  it('asks the upstream for the JSON schema of text.format, and a JSON object for json_object', async () => {
    const upstream = await startFakeServer({
      status: 200,
      json: openaiChatCompletion({ content: '{"city":"Paris"}' }),
    });
    const { client } = await gatewayOver(upstream);
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    };
    const response = await client.responses.create({
      model: 'chat',
      input: 'Capital of France as JSON',
      text: { format: { type: 'json_schema', name: 'capital', schema, strict: true } },
    });
    expect(JSON.parse(response.output_text)).toEqual({ city: 'Paris' });
    expect(response.text).toMatchObject({ format: { type: 'json_schema', name: 'capital' } });
    expect(upstreamBody(upstream).response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'capital', schema, strict: true },
    });
    await client.responses.create({
      model: 'chat',
      input: 'JSON',
      text: { format: { type: 'json_object' } },
    });
    expect(upstreamBody(upstream, 1).response_format).toEqual({ type: 'json_object' });
  });

  it('marks an answer cut by max_output_tokens incomplete, and passes the limit and reasoning effort on', async () => {
    const upstream = await startFakeServer({
      status: 200,
      json: openaiChatCompletion({ content: 'Once upon a', finishReason: 'length' }),
    });
    const { client } = await gatewayOver(upstream);
    const response = await client.responses.create({
      model: 'chat',
      input: 'Tell a story',
      max_output_tokens: 16,
      reasoning: { effort: 'low' },
    });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.output_text).toBe('Once upon a');
    expect(response.max_output_tokens).toBe(16);
    expect(upstreamBody(upstream)).toMatchObject({ max_completion_tokens: 16, reasoning_effort: 'low' });
  });

  it('streams the Responses events in order, numbered, with usage on response.completed', async () => {
    const upstream = await startFakeServer({
      sse: openaiChatStream({ content: 'Hello there', usage: { prompt_tokens: 7, completion_tokens: 3 } }),
    });
    const { client } = await gatewayOver(upstream);
    const stream = client.responses.stream({ model: 'chat', input: 'hi' });
    const events = await collect(stream);
    const final = await stream.finalResponse();
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.at(-4)).toMatchObject({ type: 'response.output_text.done', text: 'Hello there' });
    expect(final.output_text).toBe('Hello there');
    expect(final.status).toBe('completed');
    expect(final.usage).toMatchObject({ input_tokens: 7, output_tokens: 3, total_tokens: 10 });
    expect(upstreamBody(upstream)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('streams function call arguments as deltas, then the done events with the whole call', async () => {
    const upstream = await startFakeServer({
      sse: openaiChatStream({ toolCalls: [{ id: 'call_s1', name: 'lookup', arguments: '{"ref":"K7"}' }] }),
    });
    const { client } = await gatewayOver(upstream);
    const events = await collect(
      await client.responses.create({
        model: 'chat',
        input: 'find K7',
        stream: true,
        tools: [{ type: 'function', name: 'lookup', parameters: { type: 'object' }, strict: false }],
      }),
    );
    const types = events.map((event) => event.type);
    expect(types.slice(0, 3)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
    ]);
    expect(types).toContain('response.function_call_arguments.delta');
    expect(types.slice(-3)).toEqual([
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const deltas = events.flatMap((event) =>
      event.type === 'response.function_call_arguments.delta' ? [event.delta] : [],
    );
    expect(deltas.join('')).toBe('{"ref":"K7"}');
    const completed = events.at(-1);
    if (completed?.type !== 'response.completed') throw new Error('no response.completed');
    expect(completed.response.output).toEqual([
      expect.objectContaining({
        type: 'function_call',
        call_id: 'call_s1',
        name: 'lookup',
        arguments: '{"ref":"K7"}',
      }),
    ]);
  });

  it('keeps 64 concurrent streams apart: each client gets its own text, items and usage', async () => {
    const upstream = await startFakeServer((request) => {
      const asked = JSON.stringify((request.body as { messages: unknown[] }).messages.at(-1));
      const n = /question (\d+)/.exec(asked)?.[1] ?? '?';
      return {
        sse: openaiChatStream({
          content: `answer ${n} in pieces`,
          usage: { prompt_tokens: Number(n), completion_tokens: 4 },
        }),
        delayMs: 5,
      };
    });
    const { gateway, client } = await gatewayOver(upstream);
    const finals = await Promise.all(
      Array.from({ length: 64 }, async (_, n) => {
        const stream = client.responses.stream({ model: 'chat', input: `question ${n}` });
        const events = await collect(stream);
        return { n, events, final: await stream.finalResponse() };
      }),
    );
    for (const { n, events, final } of finals) {
      expect(final.output_text).toBe(`answer ${n} in pieces`);
      expect(final.usage?.input_tokens).toBe(n);
      const ids = new Set(events.flatMap((event) => ('item_id' in event ? [event.item_id] : [])));
      expect(ids).toEqual(new Set([final.output[0]?.id]));
    }
    expect(new Set(finals.map(({ final }) => final.id)).size).toBe(64);
    await gateway.server.close();
    expect((await gateway.traces()).filter((trace) => trace.status === 200)).toHaveLength(64);
  });

  it('answers from an Anthropic upstream, whole and streamed', async () => {
    const upstream = await startFakeServer(
      streamOrNot(
        anthropicStream({
          content: 'Hello from Claude',
          usage: { input_tokens: 9, output_tokens: 4, cache_read_input_tokens: 3 },
        }),
        anthropicMessage({
          content: 'Hello from Claude',
          usage: { input_tokens: 9, output_tokens: 4, cache_read_input_tokens: 3 },
        }),
      ),
    );
    const { client } = await gatewayOver(upstream, '', 'anthropic');
    const response = await client.responses.create({
      model: 'chat',
      instructions: 'Be kind.',
      input: 'hi',
      max_output_tokens: 50,
    });
    expect(response.output_text).toBe('Hello from Claude');
    expect(response.usage).toMatchObject({
      input_tokens: 12,
      input_tokens_details: { cached_tokens: 3 },
      output_tokens: 4,
    });
    expect(upstream.requests[0]?.path).toBe('/v1/messages');
    expect(upstreamBody(upstream)).toMatchObject({ system: 'Be kind.', max_tokens: 50 });
    const stream = client.responses.stream({ model: 'chat', input: 'hi' });
    await collect(stream);
    const final = await stream.finalResponse();
    expect(final.output_text).toBe('Hello from Claude');
    expect(final.usage).toMatchObject({ output_tokens: 4 });
  });

  it('refuses what an Anthropic target cannot take, naming the field, and maps what it can', async () => {
    const upstream = await startFakeServer(() => ({
      status: 200,
      json: anthropicMessage({ content: 'ok' }),
    }));
    const { client } = await gatewayOver(upstream, '', 'anthropic');
    const refused = await client.responses
      .create({ model: 'chat', input: 'hi', reasoning: { effort: 'low' } })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toMatchObject({ status: 400, param: 'reasoning.effort' });
    expect(upstream.requests).toHaveLength(0);
    await client.responses.create({ model: 'chat', input: 'hi', user: 'user-7' });
    expect(upstreamBody(upstream)).toMatchObject({ metadata: { user_id: 'user-7' } });
  });

  it('drops what an Anthropic target cannot take on a dropUnsupported route', async () => {
    const upstream = await startFakeServer(() => ({
      status: 200,
      json: anthropicMessage({ content: 'ok' }),
    }));
    const { client } = await gatewayOver(upstream, '    dropUnsupported: true\n', 'anthropic');
    const response = await client.responses.create({
      model: 'chat',
      input: 'hi',
      reasoning: { effort: 'low' },
      text: { format: { type: 'json_object' } },
    });
    expect(response.output_text).toBe('ok');
    expect(upstreamBody(upstream)).not.toHaveProperty('output_format');
  });

  it('serves a repeated request from the cache, whole and streamed, and traces the hit', async () => {
    const upstream = await startFakeServer({
      status: 200,
      json: openaiChatCompletion({ content: 'cached answer' }),
    });
    const { gateway, client } = await gatewayOver(upstream, '    cache: { ttlSeconds: 60 }\n');
    const first = await client.responses.create({ model: 'chat', input: 'same question' });
    const second = await client.responses.create({ model: 'chat', input: 'same question' });
    expect(second.output_text).toBe('cached answer');
    expect(second.id).not.toBe(first.id);
    const stream = client.responses.stream({ model: 'chat', input: 'same question' });
    await collect(stream);
    expect((await stream.finalResponse()).output_text).toBe('cached answer');
    expect(upstream.requests).toHaveLength(1);
    await gateway.server.close();
    expect((await gateway.traces()).map((trace) => trace.cacheHit)).toEqual([true, true, false]);
  });
});

describe('POST /v1/responses failures', () => {
  const post = (gateway: TestGateway, body: unknown) =>
    fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('refuses a malformed body with 400 naming the field', async () => {
    const upstream = await startFakeServer({ status: 200, json: openaiChatCompletion() });
    const { gateway, client } = await gatewayOver(upstream);
    const cases: Array<[unknown, string]> = [
      [{ model: 'chat' }, 'input'],
      [{ model: 'chat', input: 'x', temperature: 'hot' }, 'temperature'],
      [{ model: 'chat', input: [{ role: 'robot', content: 'x' }] }, 'input.0.role'],
      [{ model: 'chat', input: [{ type: 'function_call_output', output: 'x' }] }, 'input.0.call_id'],
      [
        {
          model: 'chat',
          input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'https://x/y.png' }] }],
        },
        'input.0.content.0.type',
      ],
      [{ model: 'chat', input: 'x', max_output_tokens: 0 }, 'max_output_tokens'],
    ];
    for (const [body, param] of cases) {
      const response = await post(gateway, body);
      expect(response.status, param).toBe(400);
      expect(await response.json(), param).toMatchObject({
        error: { type: 'invalid_request_error', code: 'invalid_request', param },
      });
    }
    const error = await client.responses
      .create({ model: 'chat', input: 'x', top_p: 3 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('top_p');
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses what a stateless gateway cannot honour with 400 naming the field and what is supported', async () => {
    const upstream = await startFakeServer({ status: 200, json: openaiChatCompletion() });
    const { gateway, client } = await gatewayOver(upstream);
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ store: true }, 'store', /keeps no responses.*set it to false/],
      [{ previous_response_id: 'resp_123' }, 'previous_response_id', /whole conversation/],
      [{ conversation: 'conv_1' }, 'conversation', /whole conversation/],
      [{ background: true }, 'background', /not supported/],
      [{ tools: [{ type: 'web_search' }] }, 'tools.0.type', /only function tools/],
      [{ include: ['message.output_text.logprobs'] }, 'include', /leave it out/],
      [
        { input: [{ type: 'item_reference', id: 'msg_1' }] },
        'input.0',
        /not known to this gateway.*store to false/,
      ],
      [{ input: [{ type: 'input_file', file_id: 'f' }] }, 'input.0.type', /not supported/],
      [{ frobnicate: 1 }, 'frobnicate', /unknown field/],
    ];
    for (const [extra, param, message] of cases) {
      const response = await post(gateway, { model: 'chat', input: 'x', ...extra });
      expect(response.status, param).toBe(400);
      const body = (await response.json()) as { error: { param: string; message: string } };
      expect(body.error.param, param).toBe(param);
      expect(body.error.message, param).toMatch(message);
    }
    // the defaults a client may send explicitly are fine
    const ok = await client.responses.create({
      model: 'chat',
      input: 'x',
      store: false,
      truncation: 'disabled',
      background: false,
    });
    expect(ok.status).toBe('completed');
    expect(upstream.requests).toHaveLength(1);
  });

  it('answers an upstream 5xx and a timeout in OpenAI’s error shape with 502 and 504', async () => {
    const failing = await startFakeServer({ status: 500, json: { error: { message: 'boom' } } });
    const { client } = await gatewayOver(failing);
    const error = await client.responses
      .create({ model: 'chat', input: 'x' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((error as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({
      type: 'upstream_error',
      code: 'upstream_error',
    });

    const hanging = await startFakeServer({ hang: true });
    const slow = await gatewayOver(hanging, '    timeoutMs: 200\n');
    const timeout = await slow.client.responses
      .create({ model: 'chat', input: 'x' })
      .catch((caught: unknown) => caught);
    expect((timeout as InstanceType<typeof OpenAI.APIError>).status).toBe(504);
    expect((timeout as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({
      code: 'upstream_timeout',
    });
  });

  it('ends a stream whose upstream breaks with an error event and response.failed', async () => {
    const upstream = await startFakeServer({
      sse: openaiChatStream({ content: 'Hello there, this breaks' }),
      cutAfter: 3,
    });
    const { gateway, client } = await gatewayOver(upstream);
    const events = await collect(await client.responses.create({ model: 'chat', input: 'hi', stream: true }));
    const types = events.map((event) => event.type);
    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(types.slice(-2)).toEqual(['error', 'response.failed']);
    expect(events.at(-2)).toMatchObject({ type: 'error', code: 'upstream_stream_error' });
    const failed = events.at(-1);
    if (failed?.type !== 'response.failed') throw new Error('no response.failed');
    expect(failed.response).toMatchObject({ status: 'failed', error: { code: 'server_error' } });
    await gateway.server.close();
    expect((await gateway.traces())[0]).toMatchObject({ status: 502, errorCode: 'E_STREAM_CUT' });
  });

  it('traces a client that leaves mid-stream as 499 and stops reading the upstream', async () => {
    const upstream = await startFakeServer({
      sse: openaiChatStream({ content: 'a long answer that keeps coming', chunkSize: 2 }),
      delayMs: 30,
    });
    const { gateway, client } = await gatewayOver(upstream);
    const controller = new AbortController();
    const stream = await client.responses.create(
      { model: 'chat', input: 'hi', stream: true },
      { signal: controller.signal },
    );
    let deltas = 0;
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') deltas += 1;
      if (deltas === 2) controller.abort();
    }
    await gateway.server.close();
    expect((await gateway.traces())[0]).toMatchObject({
      status: 499,
      errorCode: 'client_closed_request',
      stream: true,
    });
  });
});
