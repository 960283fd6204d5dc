import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectParts } from '../../testing/collect-parts.js';
import { type FakeServer, openaiChatStream, startFakeServer } from '../../testing/fake-server.js';
import { readJsonFixture, readSseFixture } from '../../testing/read-fixture.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { OpenAIChatModel } from './openai-chat-model.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const fixture = (name: string) => readJsonFixture(import.meta.url, name);
const model = (settings: Partial<ConstructorParameters<typeof OpenAIChatModel>[0]> = {}) =>
  new OpenAIChatModel({
    modelName: 'gpt-4o-mini',
    baseUrl: `${server.url}/v1`,
    apiKey: 'sk-test',
    ...settings,
  });
const ask = [{ role: 'user' as const, content: 'What is the capital of France?' }];

describe('OpenAIChatModel.generate', () => {
  it('returns text, usage, finish reason and response metadata', async () => {
    server.respondWith({ status: 200, json: fixture('chat-completion-text.json') });
    const result = await model().generate({ messages: ask });
    expect(result).toEqual({
      text: 'The capital of France is Paris.',
      toolCalls: [],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: 24, outputTokens: 8, cachedInputTokens: 0, reasoningTokens: 0 },
      warnings: [],
      response: { id: 'chatcmpl-AjoahzpVtDj3oVjPVgLDY1o7bgkpR', modelId: 'gpt-4o-mini-2024-07-18' },
    });
    const request = server.requests.at(-1);
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-test');
    expect(request?.body).toEqual({ model: 'gpt-4o-mini', messages: ask });
  });

  it('maps cached input tokens and reasoning tokens', async () => {
    server.respondWith({ status: 200, json: fixture('chat-completion-reasoning-cached.json') });
    const result = await model().generate({ messages: ask });
    expect(result.usage).toEqual({
      inputTokens: 2006,
      outputTokens: 300,
      cachedInputTokens: 1920,
      reasoningTokens: 256,
    });
    expect(result.finishReason).toEqual({ unified: 'length', raw: 'length' });
  });

  it('returns tool calls with their raw argument strings', async () => {
    server.respondWith({ status: 200, json: fixture('chat-completion-tool-calls.json') });
    const result = await model().generate({ messages: ask });
    expect(result.text).toBe('');
    expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_calls' });
    expect(result.toolCalls).toEqual([
      {
        id: 'call_Xk4CqVx2ZgHq1bSPSG3mYw6h',
        name: 'get_weather',
        arguments: '{"city":"Paris","unit":"celsius"}',
      },
      { id: 'call_9fJ2kQ1mWbLr8sT0aYdE3nVc', name: 'get_time', arguments: '{"timezone":"Europe/Paris"}' },
    ]);
  });

  it('sends tools, tool choice, JSON mode, seed, stop and tool turns in the wire format', async () => {
    server.respondWith({ status: 200, json: fixture('chat-completion-text.json') });
    await model({ maxTokensField: 'max_completion_tokens' }).generate({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
        },
        { role: 'tool', toolCallId: 'call_1', content: '18C' },
      ],
      tools: [{ name: 'get_weather', description: 'Weather now', parameters: { type: 'object' } }],
      toolChoice: { name: 'get_weather' },
      responseFormat: { type: 'json' },
      temperature: 0,
      maxTokens: 50,
      topP: 0.9,
      seed: 7,
      stop: ['END'],
    });
    expect(server.requests.at(-1)?.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18C' },
      ],
      tools: [
        {
          type: 'function',
          function: { name: 'get_weather', description: 'Weather now', parameters: { type: 'object' } },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      response_format: { type: 'json_object' },
      temperature: 0,
      max_completion_tokens: 50,
      top_p: 0.9,
      seed: 7,
      stop: ['END'],
    });
  });
});

describe('OpenAIChatModel.stream', () => {
  it('streams text deltas as they arrive, then finish with usage', async () => {
    server.respondWith({ sse: readSseFixture(import.meta.url, 'chat-stream-text.sse'), delayMs: 40 });
    const collected = await collectParts(model().stream({ messages: ask }));
    expect(collected.text).toBe('The capital is Paris.');
    expect(collected.parts[0]).toEqual({
      type: 'response-metadata',
      id: 'chatcmpl-AjodmJ4QnB2Jd2YvWb0ZkQ8fGzQ1N',
      modelId: 'gpt-4o-mini-2024-07-18',
    });
    expect(collected.finish).toEqual({
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: 24, outputTokens: 6, cachedInputTokens: 0, reasoningTokens: 0 },
    });
    expect(collected.parts.at(-1)?.type).toBe('finish');
    // The first delta must not wait for the end of the stream: 6 more frames follow it, 40 ms apart.
    const firstDelta = collected.parts.findIndex((part) => part.type === 'text-delta');
    const elapsed = (collected.times.at(-1) ?? 0) - (collected.times[firstDelta] ?? 0);
    expect(elapsed).toBeGreaterThan(120);
    expect(server.requests.at(-1)?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(server.requests.at(-1)?.headers.accept).toBe('text/event-stream');
  });

  it('assembles streamed tool-call deltas by index', async () => {
    server.respondWith({ sse: readSseFixture(import.meta.url, 'chat-stream-tool-calls.sse') });
    const collected = await collectParts(model().stream({ messages: ask }));
    expect(collected.toolCalls).toEqual([
      { id: 'call_Xk4CqVx2ZgHq1bSPSG3mYw6h', name: 'get_weather', arguments: '{"city": "Paris"}' },
      { id: 'call_9fJ2kQ1mWbLr8sT0aYdE3nVc', name: 'get_time', arguments: '{"timezone": "Europe/Paris"}' },
    ]);
    expect(collected.finish?.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_calls' });
    expect(collected.finish?.usage.cachedInputTokens).toBe(64);
  });

  it('accepts the builder output of the fake server helpers', async () => {
    server.respondWith({
      sse: openaiChatStream({ content: 'Hello there', usage: { prompt_tokens: 3, completion_tokens: 2 } }),
    });
    const collected = await collectParts(model().stream({ messages: ask }));
    expect(collected.text).toBe('Hello there');
    expect(collected.finish?.usage).toMatchObject({ inputTokens: 3, outputTokens: 2 });
  });
});

describe('mapOpenAIFinishReason', () => {
  it('maps every documented reason and keeps the raw word', () => {
    expect(mapOpenAIFinishReason('stop')).toEqual({ unified: 'stop', raw: 'stop' });
    expect(mapOpenAIFinishReason('length')).toEqual({ unified: 'length', raw: 'length' });
    expect(mapOpenAIFinishReason('tool_calls')).toEqual({ unified: 'tool-calls', raw: 'tool_calls' });
    expect(mapOpenAIFinishReason('function_call')).toEqual({ unified: 'tool-calls', raw: 'function_call' });
    expect(mapOpenAIFinishReason('content_filter')).toEqual({
      unified: 'content-filter',
      raw: 'content_filter',
    });
    expect(mapOpenAIFinishReason('eos')).toEqual({ unified: 'other', raw: 'eos' });
    expect(mapOpenAIFinishReason(null)).toEqual({ unified: 'other', raw: undefined });
  });

  it('sends a JSON schema as the json_schema response format', async () => {
    server.respondWith({ status: 200, json: fixture('chat-completion-text.json') });
    const schema = { type: 'object', properties: { fee: { type: 'number' } } };
    await model().generate({
      messages: [{ role: 'user', content: 'Fee?' }],
      responseFormat: { type: 'json', schema: { name: 'fee', schema, strict: true } },
    });
    expect(server.requests.at(-1)?.body).toMatchObject({
      response_format: { type: 'json_schema', json_schema: { name: 'fee', schema, strict: true } },
    });
  });
});
