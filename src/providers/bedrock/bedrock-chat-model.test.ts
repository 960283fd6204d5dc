// Bedrock through the registry against a fake runtime that verifies every request's SigV4 signature.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSigV4 } from '../../testing/check-sigv4.js';
import { collectParts } from '../../testing/collect-parts.js';
import { bedrockConverseStream } from '../../testing/fake-bedrock-server.js';
import { type FakeResponse, type FakeServer, startFakeServer } from '../../testing/fake-server.js';
import { readEventStreamFixture, readJsonFixture } from '../../testing/read-fixture.js';
import { createLanguageModel } from '../registry.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
};
const env = {
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  AWS_REGION: 'us-west-2',
};
const modelId = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const model = (extraEnv: Record<string, string> = {}) =>
  createLanguageModel(
    { id: `bedrock:${modelId}`, baseUrl: server.url },
    { env: { ...env, ...extraEnv }, baseDir: '/tmp' },
  );

/** Answers only requests whose signature AWS would accept. */
const signed = (response: FakeResponse) =>
  server.respondWith(async (request) => {
    const problem = await checkSigV4(request, { credentials, region: 'us-west-2' });
    return problem === undefined ? response : { status: 403, json: { message: problem } };
  });
const fixture = (name: string) => readJsonFixture(import.meta.url, name);
const ask = [
  { role: 'system' as const, content: 'Answer in one sentence.' },
  { role: 'user' as const, content: 'What is the capital of France?' },
];

describe('BedrockChatModel.generate', () => {
  it('posts a signed Converse request and reads text, stop reason and usage with cache reads and writes', async () => {
    server.respondWith(async (request) => {
      const problem = await checkSigV4(request, { credentials, region: 'us-west-2' });
      return problem === undefined
        ? {
            status: 200,
            headers: { 'x-amzn-requestid': 'f1b2c3d4-aaaa-bbbb-cccc-0123456789ab' },
            json: fixture('converse-text.json'),
          }
        : { status: 403, json: { message: problem } };
    });
    const result = await model().generate({ messages: ask, maxTokens: 100, temperature: 0 });
    expect(result).toEqual({
      text: 'The capital of France is Paris.',
      toolCalls: [],
      finishReason: { unified: 'stop', raw: 'end_turn' },
      usage: { inputTokens: 2581, outputTokens: 9, cachedInputTokens: 2048, cacheWriteInputTokens: 512 },
      warnings: [],
      response: { id: 'f1b2c3d4-aaaa-bbbb-cccc-0123456789ab' },
    });
    const request = server.requests.at(-1);
    expect(request?.path).toBe('/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse');
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-west-2\/bedrock\/aws4_request/,
    );
    expect(request?.body).toEqual({
      messages: [{ role: 'user', content: [{ text: 'What is the capital of France?' }] }],
      system: [{ text: 'Answer in one sentence.' }],
      inferenceConfig: { maxTokens: 100, temperature: 0 },
    });
  });

  it('returns toolUse blocks as tool calls', async () => {
    signed({ status: 200, json: fixture('converse-tool-use.json') });
    const result = await model().generate({ messages: ask });
    expect(result.text).toBe("I'll check the weather in Paris.");
    expect(result.toolCalls).toEqual([
      {
        id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q',
        name: 'get_weather',
        arguments: '{"city":"Paris","unit":"celsius"}',
      },
    ]);
    expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
  });

  it('sends tools, tool choice, tool turns and stop sequences; warns about seed and JSON mode', async () => {
    signed({ status: 200, json: fixture('converse-text.json') });
    const result = await model({ AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEXAMPLE' }).generate({
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: 'Checking.',
          toolCalls: [{ id: 'tu_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
        },
        { role: 'tool', toolCallId: 'tu_1', content: '18C' },
        { role: 'user', content: 'And tomorrow?' },
      ],
      tools: [{ name: 'get_weather', description: 'Weather now', parameters: { type: 'object' } }],
      toolChoice: 'required',
      stop: ['END'],
      topP: 0.9,
      seed: 3,
      responseFormat: { type: 'json' },
    });
    expect(server.requests.at(-1)?.body).toEqual({
      messages: [
        { role: 'user', content: [{ text: 'Weather?' }] },
        {
          role: 'assistant',
          content: [
            { text: 'Checking.' },
            { toolUse: { toolUseId: 'tu_1', name: 'get_weather', input: { city: 'Paris' } } },
          ],
        },
        {
          role: 'user',
          content: [
            { toolResult: { toolUseId: 'tu_1', content: [{ text: '18C' }] } },
            { text: 'And tomorrow?' },
          ],
        },
      ],
      inferenceConfig: { topP: 0.9, stopSequences: ['END'] },
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: 'get_weather',
              description: 'Weather now',
              inputSchema: { json: { type: 'object' } },
            },
          },
        ],
        toolChoice: { any: {} },
      },
    });
    expect(server.requests.at(-1)?.headers['x-amz-security-token']).toBe('FwoGZXIvYXdzEXAMPLE');
    expect(
      result.warnings.map((warning) => warning.type === 'unsupported-setting' && warning.setting),
    ).toEqual(['seed', 'responseFormat']);
  });

  it('sends a Bedrock API key as a bearer header instead of signing', async () => {
    server.respondWith({ status: 200, json: fixture('converse-text.json') });
    await model({ AWS_BEARER_TOKEN_BEDROCK: 'ABSKQmVkcm9ja0FQSUtleQ' }).generate({ messages: ask });
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer ABSKQmVkcm9ja0FQSUtleQ');
  });

  it('goes to the regional endpoint and names what to export when credentials or region are missing', async () => {
    expect(() =>
      createLanguageModel({ id: 'bedrock:m' }, { env: { AWS_REGION: 'eu-west-1' }, baseDir: '/tmp' }),
    ).toThrow(
      expect.objectContaining({
        code: 'E_API_KEY_MISSING',
        message: expect.stringContaining('AWS_ACCESS_KEY_ID is not set'),
      }),
    );
    expect(() =>
      createLanguageModel({ id: 'bedrock:m' }, { env: { ...env, AWS_REGION: '' }, baseDir: '/tmp' }),
    ).toThrow(
      expect.objectContaining({
        code: 'E_API_KEY_MISSING',
        message: expect.stringContaining('AWS_REGION is not set'),
      }),
    );
    const urls: string[] = [];
    const regional = createLanguageModel(
      { id: `bedrock:${modelId}` },
      {
        env: { ...env, AWS_REGION: '', AWS_DEFAULT_REGION: 'eu-central-1' },
        baseDir: '/tmp',
        transport: async (request) => {
          urls.push(request.url);
          throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
        },
      },
    );
    await expect(regional.generate({ messages: ask })).rejects.toMatchObject({ code: 'E_UNAVAILABLE' });
    expect(urls).toEqual([
      `https://bedrock-runtime.eu-central-1.amazonaws.com/model/${encodeURIComponent(modelId)}/converse`,
    ]);
  });
});

describe('BedrockChatModel.stream', () => {
  it('streams text from the binary event stream as it arrives, then usage from the metadata event', async () => {
    signed({
      eventStream: readEventStreamFixture(import.meta.url, 'converse-stream-text.jsonl'),
      delayMs: 30,
    });
    const collected = await collectParts(model().stream({ messages: ask }));
    expect(collected.text).toBe('The capital of France is Paris.');
    expect(collected.finish).toEqual({
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'end_turn' },
      usage: { inputTokens: 2069, outputTokens: 9, cachedInputTokens: 2048, cacheWriteInputTokens: 0 },
    });
    const firstDelta = collected.parts.findIndex((part) => part.type === 'text-delta');
    expect((collected.times.at(-1) ?? 0) - (collected.times[firstDelta] ?? 0)).toBeGreaterThan(90);
    expect(server.requests.at(-1)?.path).toBe(
      '/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse-stream',
    );
  });

  it('assembles tool-use input deltas by content block, and {} for a tool called without input', async () => {
    signed({ eventStream: readEventStreamFixture(import.meta.url, 'converse-stream-tool-use.jsonl') });
    const collected = await collectParts(model().stream({ messages: ask }));
    expect(collected.text).toBe('Let me check.');
    expect(collected.toolCalls).toEqual([
      { id: 'tooluse_Ym1hb2Rlc2NyaWJl', name: 'get_weather', arguments: '{"city": "Paris"}' },
      { id: 'tooluse_dGltZW5vd3BsZWFz', name: 'get_time', arguments: '{}' },
    ]);
    expect(collected.finish?.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
  });

  it('reads the stream however the bytes are split', async () => {
    const bytes = Buffer.concat(bedrockConverseStream({ content: 'Hello there, Paris', chunkSize: 3 }));
    const pieces: Uint8Array[] = [];
    for (let start = 0; start < bytes.length; start += 11) pieces.push(bytes.subarray(start, start + 11));
    signed({ eventStream: pieces });
    const collected = await collectParts(model().stream({ messages: ask }));
    expect(collected.text).toBe('Hello there, Paris');
    expect(collected.finish?.finishReason.unified).toBe('stop');
  });
});
