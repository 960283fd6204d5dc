import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectParts } from '../../testing/collect-parts.js';
import { anthropicStream, type FakeServer, startFakeServer } from '../../testing/fake-server.js';
import { readJsonFixture, readSseFixture } from '../../testing/read-fixture.js';
import { AnthropicChatModel } from './anthropic-chat-model.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const model = () =>
  new AnthropicChatModel({
    modelName: 'claude-3-5-haiku-latest',
    baseUrl: `${server.url}/v1`,
    apiKey: 'sk-ant-test',
  });
const ask = [
  { role: 'system' as const, content: 'Answer in one sentence.' },
  { role: 'user' as const, content: 'What is the capital of France?' },
];

describe('AnthropicChatModel.generate', () => {
  it('lifts system messages, sends the version header and a default max_tokens', async () => {
    server.respondWith({ status: 200, json: readJsonFixture(import.meta.url, 'message-text.json') });
    const result = await model().generate({ messages: ask });
    expect(result.text).toBe('The capital of France is Paris.');
    expect(result.finishReason).toEqual({ unified: 'stop', raw: 'end_turn' });
    expect(result.response).toEqual({
      id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      modelId: 'claude-3-5-haiku-20241022',
    });
    const request = server.requests.at(-1);
    expect(request?.path).toBe('/v1/messages');
    expect(request?.headers['x-api-key']).toBe('sk-ant-test');
    expect(request?.headers['anthropic-version']).toBe('2023-06-01');
    expect(request?.body).toEqual({
      model: 'claude-3-5-haiku-latest',
      max_tokens: 1024,
      system: 'Answer in one sentence.',
      messages: [{ role: 'user', content: 'What is the capital of France?' }],
    });
  });

  it('adds cache reads and writes to input tokens and reports them apart', async () => {
    server.respondWith({ status: 200, json: readJsonFixture(import.meta.url, 'message-text.json') });
    const { usage } = await model().generate({ messages: ask });
    expect(usage).toEqual({
      inputTokens: 4214,
      outputTokens: 10,
      cachedInputTokens: 3000,
      cacheWriteInputTokens: 1200,
    });
  });

  it('returns tool_use blocks as tool calls with JSON arguments', async () => {
    server.respondWith({ status: 200, json: readJsonFixture(import.meta.url, 'message-tool-use.json') });
    const result = await model().generate({ messages: ask });
    expect(result.text).toBe("I'll check the weather in Paris for you.");
    expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
    expect(result.toolCalls).toEqual([
      {
        id: 'toolu_01A09q90qw90lq917835lq9',
        name: 'get_weather',
        arguments: '{"city":"Paris","unit":"celsius"}',
      },
    ]);
  });

  it('sends tools, tool_use and tool_result blocks, and warns about unsupported settings', async () => {
    server.respondWith({ status: 200, json: readJsonFixture(import.meta.url, 'message-text.json') });
    const result = await model().generate({
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: 'Checking.',
          toolCalls: [{ id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
        },
        { role: 'tool', toolCallId: 'toolu_1', content: '18C' },
      ],
      tools: [{ name: 'get_weather', description: 'Weather now', parameters: { type: 'object' } }],
      toolChoice: 'required',
      maxTokens: 200,
      stop: ['END'],
      seed: 1,
      responseFormat: { type: 'json' },
    });
    expect(server.requests.at(-1)?.body).toEqual({
      model: 'claude-3-5-haiku-latest',
      max_tokens: 200,
      stop_sequences: ['END'],
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '18C' }] },
      ],
      tools: [{ name: 'get_weather', description: 'Weather now', input_schema: { type: 'object' } }],
      tool_choice: { type: 'any' },
    });
    expect(
      result.warnings.map((warning) => warning.type === 'unsupported-setting' && warning.setting),
    ).toEqual(['seed', 'responseFormat']);
  });
});

describe('AnthropicChatModel.stream', () => {
  it('streams text as it arrives and finishes with usage from message_start and message_delta', async () => {
    server.respondWith({ sse: readSseFixture(import.meta.url, 'stream-text.sse'), delayMs: 30 });
    const collected = await collectParts(model().stream({ messages: ask }));
    expect(collected.text).toBe('The capital of France is Paris.');
    expect(collected.parts[0]).toEqual({
      type: 'response-metadata',
      id: 'msg_01Tq7QzKk5r1fJvRqH2cV8xW',
      modelId: 'claude-3-5-haiku-20241022',
    });
    expect(collected.finish).toEqual({
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'end_turn' },
      usage: { inputTokens: 2062, outputTokens: 10, cachedInputTokens: 2048, cacheWriteInputTokens: 0 },
    });
    const firstDelta = collected.parts.findIndex((part) => part.type === 'text-delta');
    expect((collected.times.at(-1) ?? 0) - (collected.times[firstDelta] ?? 0)).toBeGreaterThan(90);
    expect(server.requests.at(-1)?.body).toMatchObject({ stream: true, system: 'Answer in one sentence.' });
  });

  it('assembles input_json_delta into tool call arguments', async () => {
    server.respondWith({ sse: readSseFixture(import.meta.url, 'stream-tool-use.sse') });
    const collected = await collectParts(model().stream({ messages: ask }));
    expect(collected.text).toBe('Let me check.');
    expect(collected.toolCalls).toEqual([
      { id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', arguments: '{"city": "Paris"}' },
      { id: 'toolu_01Xy8bq3CaLzN6kVdRj2mT9e', name: 'get_time', arguments: '{}' },
    ]);
    expect(collected.finish?.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
  });

  it('accepts the builder output of the fake server helpers', async () => {
    server.respondWith({
      sse: anthropicStream({ content: 'Hello', usage: { input_tokens: 3, output_tokens: 2 } }),
    });
    const collected = await collectParts(model().stream({ messages: ask }));
    expect(collected.text).toBe('Hello');
    expect(collected.finish?.usage).toMatchObject({ inputTokens: 3, outputTokens: 2 });
  });
});

describe('mapAnthropicFinishReason', () => {
  it('maps every documented stop reason and keeps the raw word', () => {
    expect(mapAnthropicFinishReason('end_turn')).toEqual({ unified: 'stop', raw: 'end_turn' });
    expect(mapAnthropicFinishReason('stop_sequence')).toEqual({ unified: 'stop', raw: 'stop_sequence' });
    expect(mapAnthropicFinishReason('max_tokens')).toEqual({ unified: 'length', raw: 'max_tokens' });
    expect(mapAnthropicFinishReason('tool_use')).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
    expect(mapAnthropicFinishReason('refusal')).toEqual({ unified: 'content-filter', raw: 'refusal' });
    expect(mapAnthropicFinishReason('pause_turn')).toEqual({ unified: 'other', raw: 'pause_turn' });
    expect(mapAnthropicFinishReason(null)).toEqual({ unified: 'other', raw: undefined });
  });
});

describe('AnthropicChatModel extras', () => {
  it('sends a Messages client’s extra fields as they came, and no other format’s', async () => {
    server.respondWith({ status: 200, json: readJsonFixture(import.meta.url, 'message-text.json') });
    const thinking = { type: 'enabled', budget_tokens: 1024 };
    await model().generate({
      messages: ask,
      user: 'user-1',
      extras: { format: 'anthropic-messages', fields: { thinking, top_k: 3 } },
    });
    expect(server.requests.at(-1)?.body).toMatchObject({
      thinking,
      top_k: 3,
      metadata: { user_id: 'user-1' },
    });
    await model().generate({ messages: ask, extras: { format: 'openai-chat', fields: { logprobs: true } } });
    expect(server.requests.at(-1)?.body).not.toHaveProperty('logprobs');
  });

  it('keeps thinking blocks and stop_sequence as extras, whole and streamed', async () => {
    const thinking = { type: 'thinking', thinking: 'Paris.', signature: 'sig' };
    const message = readJsonFixture(import.meta.url, 'message-text.json') as { content: unknown[] };
    server.respondWith({ status: 200, json: { ...message, content: [thinking, ...message.content] } });
    const result = await model().generate({ messages: ask });
    expect(result.extras).toEqual({
      format: 'anthropic-messages',
      response: { stop_sequence: null },
      blocks: [{ index: 0, block: thinking }],
    });
    const frames = anthropicStream({ content: 'Paris' });
    const block = (data: Record<string, unknown>) => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
    server.respondWith({
      sse: [
        frames[0] as string,
        block({
          type: 'content_block_start',
          index: 0,
          content_block: { type: 'redacted_thinking', data: 'x' },
        }),
        block({ type: 'content_block_stop', index: 0 }),
        ...frames.slice(1).map((frame) => frame.replaceAll('"index":0', '"index":1')),
      ],
    });
    const collected = await collectParts(model().stream({ messages: ask }));
    expect(collected.text).toBe('Paris');
    expect(collected.parts.filter((part) => part.type === 'extras')).toEqual([
      {
        type: 'extras',
        extras: {
          format: 'anthropic-messages',
          event: {
            type: 'content_block_start',
            index: 0,
            content_block: { type: 'redacted_thinking', data: 'x' },
          },
        },
      },
      {
        type: 'extras',
        extras: { format: 'anthropic-messages', event: { type: 'content_block_stop', index: 0 } },
      },
    ]);
  });

  it('asks the upstream to count a call’s input tokens', async () => {
    server.respondWith({ status: 200, json: { input_tokens: 17 } });
    expect(await model().countTokens({ messages: ask, maxTokens: 10 })).toEqual({ inputTokens: 17 });
    const request = server.requests.at(-1);
    expect(request?.path).toBe('/v1/messages/count_tokens');
    expect(request?.body).toEqual({
      model: 'claude-3-5-haiku-latest',
      system: 'Answer in one sentence.',
      messages: [{ role: 'user', content: 'What is the capital of France?' }],
    });
  });
});
