// POST /v1/responses as the AI SDK v6 default provider (`openai('model')`) and LangChain's ChatOpenAI with
// `useResponsesApi: true` call it, each unchanged but for the base URL, in front of a fake OpenAI-chat upstream.
import { createOpenAI } from '@ai-sdk/openai';
import { ChatOpenAI } from '@langchain/openai';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
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

const streamOrNot =
  (sse: string[], json: unknown): FakeScript =>
  (request) =>
    (request.body as { stream?: boolean }).stream ? { sse } : { status: 200, json };

const gatewayOver = async (upstream: FakeServer): Promise<TestGateway> => {
  const gateway = await startTestGateway(
    `${openaiProviders(upstream)}routes:\n  chat:\n    targets:\n      - { model: up:gpt-4o-mini }\n`,
    { upstreams: [upstream] },
  );
  opened.push(gateway);
  return gateway;
};

const answering = (content: string, usage = { prompt_tokens: 11, completion_tokens: 4, cached_tokens: 2 }) =>
  startFakeServer(
    streamOrNot(openaiChatStream({ content, usage }), openaiChatCompletion({ content, usage })),
  );

const upstreamBody = (upstream: FakeServer, index = 0) =>
  upstream.requests[index]?.body as Record<string, unknown>;

describe('the AI SDK v6 default OpenAI provider against /v1/responses', () => {
  const providerFor = (gateway: TestGateway) =>
    createOpenAI({ apiKey: gateway.key, baseURL: `${gateway.url}/v1` });

  it('generateText gets the text, the usage with cached tokens, and a stop finish', async () => {
    const upstream = await answering('Paris');
    const gateway = await gatewayOver(upstream);
    const result = await generateText({
      model: providerFor(gateway)('chat'),
      system: 'Answer in one word.',
      prompt: 'Capital of France?',
      maxRetries: 0,
    });
    expect(result.text).toBe('Paris');
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toMatchObject({ inputTokens: 11, outputTokens: 4, totalTokens: 15 });
    expect(result.usage.inputTokenDetails.cacheReadTokens).toBe(2);
    expect(result.response.id).toMatch(/^resp_/);
    expect(upstreamBody(upstream).messages).toEqual([
      { role: 'system', content: 'Answer in one word.' },
      { role: 'user', content: 'Capital of France?' },
    ]);
  });

  it('streamText streams the text and ends with usage', async () => {
    const upstream = await answering('Hello from the gateway');
    const gateway = await gatewayOver(upstream);
    const result = streamText({
      model: providerFor(gateway)('chat'),
      prompt: 'hi',
      maxRetries: 0,
      onError: ({ error }) => {
        throw error;
      },
    });
    const pieces: string[] = [];
    for await (const piece of result.textStream) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe('Hello from the gateway');
    expect(await result.finishReason).toBe('stop');
    expect(await result.usage).toMatchObject({ inputTokens: 11, outputTokens: 4 });
  });

  it('calls a tool, sends its result back, and gets the final answer', async () => {
    const upstream = await startFakeServer([
      {
        status: 200,
        json: openaiChatCompletion({
          toolCalls: [{ id: 'call_a1', name: 'weather', arguments: '{"city":"Oslo"}' }],
        }),
      },
      { status: 200, json: openaiChatCompletion({ content: 'It is 3°C in Oslo.' }) },
    ]);
    const gateway = await gatewayOver(upstream);
    const result = await generateText({
      model: providerFor(gateway)('chat'),
      prompt: 'Weather in Oslo?',
      tools: {
        weather: tool({
          description: 'Weather in a city',
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => ({ city, celsius: 3 }),
        }),
      },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    expect(result.text).toBe('It is 3°C in Oslo.');
    expect(result.steps[0]?.toolCalls).toMatchObject([{ toolName: 'weather', input: { city: 'Oslo' } }]);
    expect(upstreamBody(upstream).tools).toMatchObject([
      { type: 'function', function: { name: 'weather', description: 'Weather in a city' } },
    ]);
    expect(upstreamBody(upstream, 1).messages).toEqual([
      { role: 'user', content: 'Weather in Oslo?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_a1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a1', content: '{"city":"Oslo","celsius":3}' },
    ]);
  });
});

describe('the AI SDK v6 streaming a tool loop', () => {
  it('streamText streams a tool call, runs the tool, and streams the final answer', async () => {
    const upstream = await startFakeServer([
      {
        sse: openaiChatStream({
          toolCalls: [{ id: 'call_t1', name: 'weather', arguments: '{"city":"Oslo"}' }],
        }),
      },
      { sse: openaiChatStream({ content: 'It is 3°C in Oslo.' }) },
    ]);
    const gateway = await gatewayOver(upstream);
    const ran: string[] = [];
    const result = streamText({
      model: createOpenAI({ apiKey: gateway.key, baseURL: `${gateway.url}/v1` })('chat'),
      prompt: 'Weather in Oslo?',
      tools: {
        weather: tool({
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => {
            ran.push(city);
            return { celsius: 3 };
          },
        }),
      },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
      onError: ({ error }) => {
        throw error;
      },
    });
    let text = '';
    for await (const piece of result.textStream) text += piece;
    expect(text).toBe('It is 3°C in Oslo.');
    expect(ran).toEqual(['Oslo']);
    expect((await result.steps)[0]?.finishReason).toBe('tool-calls');
    expect(upstreamBody(upstream, 1).messages).toMatchObject([
      { role: 'user' },
      { role: 'assistant', tool_calls: [{ id: 'call_t1' }] },
      { role: 'tool', tool_call_id: 'call_t1', content: '{"celsius":3}' },
    ]);
  });
});

describe('the AI SDK v6 in a conversation', () => {
  it('continues a conversation from result.response.messages, whose earlier answers it sends by reference', async () => {
    const upstream = await startFakeServer([
      { status: 200, json: openaiChatCompletion({ content: 'Paris' }) },
      { status: 200, json: openaiChatCompletion({ content: 'Madrid' }) },
    ]);
    const gateway = await gatewayOver(upstream);
    const openai = createOpenAI({ apiKey: gateway.key, baseURL: `${gateway.url}/v1` });
    const first = await generateText({ model: openai('chat'), prompt: 'Capital of France?', maxRetries: 0 });
    const second = await generateText({
      model: openai('chat'),
      messages: [
        { role: 'user', content: 'Capital of France?' },
        ...first.response.messages,
        { role: 'user', content: 'And of Spain?' },
      ],
      maxRetries: 0,
    });
    expect(second.text).toBe('Madrid');
    expect(upstreamBody(upstream, 1).messages).toEqual([
      { role: 'user', content: 'Capital of France?' },
      { role: 'assistant', content: 'Paris' },
      { role: 'user', content: 'And of Spain?' },
    ]);
  });
});

describe('LangChain ChatOpenAI with useResponsesApi against /v1/responses', () => {
  const chatModel = (gateway: TestGateway) =>
    new ChatOpenAI({
      model: 'chat',
      apiKey: gateway.key,
      configuration: { baseURL: `${gateway.url}/v1` },
      useResponsesApi: true,
      maxRetries: 0,
    });

  it('invokes and gets the text and usage', async () => {
    const upstream = await answering('Paris');
    const gateway = await gatewayOver(upstream);
    const message = await chatModel(gateway).invoke([
      ['system', 'Answer in one word.'],
      ['human', 'Capital of France?'],
    ]);
    expect(message.text).toBe('Paris');
    expect(message.usage_metadata).toMatchObject({ input_tokens: 11, output_tokens: 4, total_tokens: 15 });
    expect(message.id).toMatch(/^resp_|^msg_/);
    expect(upstreamBody(upstream).messages).toEqual([
      { role: 'system', content: 'Answer in one word.' },
      { role: 'user', content: 'Capital of France?' },
    ]);
  });

  it('streams the text in pieces, with usage at the end', async () => {
    const upstream = await answering('Hello from the gateway');
    const gateway = await gatewayOver(upstream);
    const pieces: string[] = [];
    let usage: unknown;
    for await (const chunk of await chatModel(gateway).stream('hi')) {
      pieces.push(chunk.text);
      if (chunk.usage_metadata) usage = chunk.usage_metadata;
    }
    expect(pieces.filter((piece) => piece !== '').length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe('Hello from the gateway');
    expect(usage).toMatchObject({ input_tokens: 11, output_tokens: 4 });
  });
});
