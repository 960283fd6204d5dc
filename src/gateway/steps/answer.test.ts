import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { GenerateResult } from '../../spec/language-model.js';
import { GatewayError } from '../gateway-errors.js';
import { anthropicMessagesWire } from '../wire/anthropic-messages-wire.js';
import { openaiChatWire } from '../wire/openai-chat-wire.js';
import { openaiEmbeddingsWire } from '../wire/openai-embeddings-wire.js';
import type { ChatRequest } from '../wire/wire-protocol.js';
import { type Answered, answerCached, answerCompletion, answerEmbeddings, answerError } from './answer.js';

/** Runs `write` as a loopback server's handler and reads what a client gets. */
const answered = async (
  write: (response: ServerResponse) => Answered | undefined | Promise<Answered | undefined>,
) => {
  let result: Answered | undefined;
  const server = createServer((_, response) => {
    void Promise.resolve(write(response)).then((value) => {
      result = value;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, result };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
};

const result: GenerateResult = {
  text: 'Paris',
  toolCalls: [],
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: { inputTokens: 12, outputTokens: 1 },
  warnings: [],
  response: { modelId: 'gpt-4o-mini-2024-07-18' },
};

const chat = (stream: boolean): ChatRequest => ({
  operation: 'chat',
  model: 'chat',
  stream,
  includeUsage: true,
  callOptions: { messages: [{ role: 'user', content: 'capital?' }] },
});

describe('the answer step', () => {
  it('writes a whole completion in the client’s format, in one response with its length', async () => {
    const got = await answered((response) =>
      answerCompletion(openaiChatWire, response, 'chatcmpl-1', 'gpt-4o-mini', result, chat(false), true),
    );
    expect(got.status).toBe(200);
    expect(got.headers.get('content-length')).toBe(String(Buffer.byteLength(got.text)));
    expect(JSON.parse(got.text)).toMatchObject({
      id: 'chatcmpl-1',
      model: 'gpt-4o-mini',
      choices: [{ message: { content: 'Paris' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 12, completion_tokens: 1 },
    });
    expect(got.result).toMatchObject({
      status: 200,
      usage: result.usage,
      responseJson: got.text,
      cacheHit: false,
    });
    const messages = await answered((response) =>
      answerCompletion(anthropicMessagesWire, response, 'msg_1', 'gpt-4o-mini', result, chat(false), false),
    );
    expect(JSON.parse(messages.text)).toMatchObject({
      type: 'message',
      content: [{ type: 'text', text: 'Paris' }],
    });
    expect(messages.result?.responseJson).toBeNull();
  });

  it('replays a cached answer as asked, whole or as a stream', async () => {
    const cached = { model: 'gpt-4o-mini', result };
    const whole = await answered((response) =>
      answerCached(openaiChatWire, response, 'c1', cached, chat(false)),
    );
    expect(JSON.parse(whole.text)).toMatchObject({ choices: [{ message: { content: 'Paris' } }] });
    expect(whole.result).toMatchObject({ cacheHit: true, ttftMs: null });
    const streamed = await answered((response) =>
      answerCached(openaiChatWire, response, 'c2', cached, chat(true)),
    );
    expect(streamed.headers.get('content-type')).toBe('text/event-stream');
    expect(streamed.text).toContain('"content":"Paris"');
    expect(streamed.text.trim().endsWith('data: [DONE]')).toBe(true);
    expect(streamed.result).toMatchObject({ cacheHit: true, ttftMs: 0 });
  });

  it('sends embeddings in OpenAI’s list shape, base64 when asked', async () => {
    const got = await answered((response) =>
      answerEmbeddings(
        openaiEmbeddingsWire,
        response,
        'text-embedding-3-small',
        { embeddings: [[0.5, -0.25]], inputTokens: 3 },
        { operation: 'embeddings', model: 'embed', inputs: ['a'], base64: true },
      ),
    );
    const body = JSON.parse(got.text) as { data: Array<{ embedding: string }>; usage: unknown };
    const bytes = Buffer.from(body.data[0]?.embedding ?? '', 'base64');
    expect([...new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)]).toEqual([0.5, -0.25]);
    expect(body.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    expect(got.result?.usage).toEqual({ inputTokens: 3, outputTokens: 0 });
  });

  it('writes an error in the endpoint’s shape with its status and headers', async () => {
    const error = new GatewayError('key_limit', 'over the limit', { headers: { 'retry-after': '7' } });
    const got = await answered((response) => {
      answerError(response, anthropicMessagesWire.errorBody, error);
      return undefined;
    });
    expect(got.status).toBe(429);
    expect(got.headers.get('retry-after')).toBe('7');
    expect(JSON.parse(got.text)).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'over the limit' },
    });
  });
});
