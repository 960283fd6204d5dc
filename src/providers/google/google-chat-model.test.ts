import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectParts } from '../../testing/collect-parts.js';
import { googleStream } from '../../testing/fake-google-responses.js';
import { type FakeServer, startFakeServer } from '../../testing/fake-server.js';
import { readJsonFixture, readSseFixture } from '../../testing/read-fixture.js';
import { skipThoughtSignature } from './convert-to-google-messages.js';
import { GoogleChatModel } from './google-chat-model.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const fixture = (name: string) => readJsonFixture(import.meta.url, name);
const model = (modelName = 'gemini-2.5-flash-lite') =>
  new GoogleChatModel({ modelName, baseUrl: `${server.url}/v1beta`, apiKey: 'AIza-test-key' });
const ask = [
  { role: 'system' as const, content: 'Answer in one sentence.' },
  { role: 'user' as const, content: 'What is the capital of France?' },
];

describe('GoogleChatModel.generate', () => {
  it('posts generateContent with the key header and the system instruction apart, and reads the answer', async () => {
    server.respondWith({ status: 200, json: fixture('generate-content-text.json') });
    const result = await model().generate({ messages: ask });
    expect(result).toEqual({
      text: 'The capital of France is Paris.',
      toolCalls: [],
      finishReason: { unified: 'stop', raw: 'STOP' },
      usage: { inputTokens: 11, outputTokens: 7, cachedInputTokens: undefined, reasoningTokens: undefined },
      warnings: [],
      response: { id: 'Qk3pZvC5Lb2K7dcPp9-xmAQ', modelId: 'gemini-2.5-flash-lite' },
    });
    const request = server.requests.at(-1);
    expect(request?.path).toBe('/v1beta/models/gemini-2.5-flash-lite:generateContent');
    expect(request?.headers['x-goog-api-key']).toBe('AIza-test-key');
    expect(request?.body).toEqual({
      systemInstruction: { parts: [{ text: 'Answer in one sentence.' }] },
      contents: [{ role: 'user', parts: [{ text: 'What is the capital of France?' }] }],
    });
  });

  it('counts thinking tokens as output and reports cached prompt tokens', async () => {
    server.respondWith({ status: 200, json: fixture('generate-content-thinking-cached.json') });
    const result = await model('gemini-3-pro-preview').generate({ messages: ask });
    expect(result.usage).toEqual({
      inputTokens: 4113,
      outputTokens: 278,
      cachedInputTokens: 4096,
      reasoningTokens: 272,
    });
    expect(result.finishReason).toEqual({ unified: 'length', raw: 'MAX_TOKENS' });
  });

  it('returns functionCall parts as tool calls, and STOP after calls as a tool-calls finish', async () => {
    server.respondWith({ status: 200, json: fixture('generate-content-tool-call.json') });
    const result = await model('gemini-3-pro-preview').generate({ messages: ask });
    expect(result.text).toBe('');
    expect(result.toolCalls).toEqual([
      { id: 'call_0', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
      { id: 'call_1', name: 'get_time', arguments: '{"timezone":"Europe/Paris"}' },
    ]);
    expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'STOP' });
    expect(result.usage.reasoningTokens).toBe(54);
  });

  it('reports a prompt blocked before any candidate as a content-filter finish with the block reason', async () => {
    server.respondWith({ status: 200, json: fixture('generate-content-blocked.json') });
    const result = await model().generate({ messages: ask });
    expect(result.text).toBe('');
    expect(result.finishReason).toEqual({ unified: 'content-filter', raw: 'SAFETY' });
    expect(result.usage.inputTokens).toBe(18);
  });

  it('sends tools, tool config, JSON output, sampling settings and tool turns in the wire format', async () => {
    server.respondWith({ status: 200, json: fixture('generate-content-text.json') });
    const result = await model('gemini-3-pro-preview').generate({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: 'Checking.',
          toolCalls: [
            { id: 'call_0', name: 'get_weather', arguments: '{"city":"Paris"}' },
            { id: 'call_1', name: 'get_time', arguments: '{}' },
          ],
        },
        { role: 'tool', toolCallId: 'call_0', content: '{"celsius":18}' },
        { role: 'tool', toolCallId: 'call_1', content: '10:04' },
        { role: 'tool', toolCallId: 'call_9', content: 'orphan' },
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
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'Weather?' }] },
        {
          role: 'model',
          parts: [
            { text: 'Checking.' },
            {
              functionCall: { id: 'call_0', name: 'get_weather', args: { city: 'Paris' } },
              thoughtSignature: skipThoughtSignature,
            },
            { functionCall: { id: 'call_1', name: 'get_time', args: {} } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { id: 'call_0', name: 'get_weather', response: { celsius: 18 } } },
            { functionResponse: { id: 'call_1', name: 'get_time', response: { result: '10:04' } } },
            { functionResponse: { id: 'call_9', name: 'call_9', response: { result: 'orphan' } } },
          ],
        },
      ],
      tools: [
        {
          functionDeclarations: [
            { name: 'get_weather', description: 'Weather now', parametersJsonSchema: { type: 'object' } },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } },
      generationConfig: {
        temperature: 0,
        topP: 0.9,
        maxOutputTokens: 50,
        stopSequences: ['END'],
        seed: 7,
        responseMimeType: 'application/json',
      },
    });
    expect(result.warnings).toEqual([
      {
        type: 'other',
        message: expect.stringContaining('tool result "call_9" answers no earlier tool call'),
      },
    ]);
  });

  it('sends a JSON schema as responseJsonSchema beside the JSON mime type', async () => {
    server.respondWith({ status: 200, json: fixture('generate-content-text.json') });
    const schema = { type: 'object', properties: { fee: { type: 'number' } } };
    await model().generate({
      messages: [{ role: 'user', content: 'Fee?' }],
      responseFormat: { type: 'json', schema: { name: 'fee', schema } },
    });
    expect(server.requests.at(-1)?.body).toMatchObject({
      generationConfig: { responseMimeType: 'application/json', responseJsonSchema: schema },
    });
  });

  it('sends no thought signature to models before Gemini 3', async () => {
    server.respondWith({ status: 200, json: fixture('generate-content-text.json') });
    await model('gemini-2.5-flash').generate({
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'c', name: 'get_weather', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'c', content: 'sunny' },
      ],
    });
    expect(JSON.stringify(server.requests.at(-1)?.body)).not.toContain('thoughtSignature');
  });
});

describe('GoogleChatModel.stream', () => {
  it('streams text as it arrives over alt=sse and finishes with the last chunk usage', async () => {
    server.respondWith({ sse: readSseFixture(import.meta.url, 'stream-text.sse'), delayMs: 40 });
    const collected = await collectParts(model().stream({ messages: ask }));
    expect(collected.text).toBe('The capital of France is Paris.');
    expect(collected.parts[0]).toEqual({
      type: 'response-metadata',
      id: '7FTpZqm7NvyK7dcPqu6S2QE',
      modelId: 'gemini-2.5-flash-lite',
    });
    expect(collected.finish).toEqual({
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'STOP' },
      usage: { inputTokens: 11, outputTokens: 7, cachedInputTokens: undefined, reasoningTokens: undefined },
    });
    // the first delta must not wait for the end: 2 more frames follow it, 40 ms apart
    const firstDelta = collected.parts.findIndex((part) => part.type === 'text-delta');
    expect((collected.times.at(-1) ?? 0) - (collected.times[firstDelta] ?? 0)).toBeGreaterThan(60);
    const request = server.requests.at(-1);
    expect(request?.path).toBe('/v1beta/models/gemini-2.5-flash-lite:streamGenerateContent?alt=sse');
    expect(request?.headers.accept).toBe('text/event-stream');
  });

  it('streams whole function calls as tool calls and counts thinking tokens as output', async () => {
    server.respondWith({ sse: readSseFixture(import.meta.url, 'stream-tool-call.sse') });
    const collected = await collectParts(model('gemini-3-pro-preview').stream({ messages: ask }));
    expect(collected.text).toBe('Let me check.');
    expect(collected.toolCalls).toEqual([
      { id: 'call_0', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'call_1', name: 'get_time', arguments: '{}' },
    ]);
    expect(collected.finish?.finishReason).toEqual({ unified: 'tool-calls', raw: 'STOP' });
    expect(collected.finish?.usage).toMatchObject({ outputTokens: 64, reasoningTokens: 45 });
  });

  it('reads the CRLF framing Google sends, split into pieces of any size', async () => {
    const frames = googleStream({ content: 'Hello there, Paris', chunkSize: 5 });
    const bytes = frames.join('');
    const pieces: string[] = [];
    for (let start = 0; start < bytes.length; start += 7) pieces.push(bytes.slice(start, start + 7));
    server.respondWith({ sse: pieces });
    const collected = await collectParts(model().stream({ messages: ask }));
    expect(collected.text).toBe('Hello there, Paris');
    expect(collected.finish?.finishReason.unified).toBe('stop');
  });
});
