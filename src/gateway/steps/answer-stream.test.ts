import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startDeadline } from '../../async/deadline.js';
import { YardstickError } from '../../spec/errors.js';
import type { GenerateResult, StreamPart } from '../../spec/language-model.js';
import type { ResolvedTarget } from '../load-gateway-config.js';
import { anthropicMessagesWire } from '../wire/anthropic-messages-wire.js';
import { openaiChatWire } from '../wire/openai-chat-wire.js';
import type { ChatWire } from '../wire/wire-protocol.js';
import type { Answered } from './answer.js';
import { answerStream } from './answer-stream.js';

const target: ResolvedTarget = {
  name: 'up:gpt-4o-mini',
  providerType: 'openai',
  config: { id: 'openai:gpt-4o-mini' },
  weight: 1,
};

const parts: StreamPart[] = [
  { type: 'response-metadata', modelId: 'gpt-4o-mini-2024-07-18' },
  { type: 'text-delta', delta: 'Par' },
  { type: 'text-delta', delta: 'is' },
  {
    type: 'finish',
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: { inputTokens: 12, outputTokens: 2 },
  },
];

/** The parts one by one, `gapMs` apart, then `end`: nothing more, or an error thrown. */
async function* upstream(items: StreamPart[], gapMs: number, end?: Error): AsyncGenerator<StreamPart> {
  for (const item of items) {
    await new Promise((resolve) => setTimeout(resolve, gapMs));
    yield item;
  }
  if (end) throw end;
}

/** Streams `items` to a loopback client through the answer step; returns what the client read and the result. */
const streamed = async (
  wire: ChatWire,
  items: AsyncGenerator<StreamPart> | ((signal: AbortSignal) => AsyncGenerator<StreamPart>),
  options: { timeoutMs?: number; remember?: (model: string, result: GenerateResult) => void } = {},
) => {
  let result: Answered | undefined;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const server = createServer((_, response: ServerResponse) => {
    const deadline = startDeadline(timeoutMs);
    const iterator = (typeof items === 'function' ? items(deadline.signal) : items)[Symbol.asyncIterator]();
    void iterator.next().then(async (first) => {
      result = await answerStream(
        {
          wire,
          response,
          client: { aborted: false, onGone: undefined },
          id: 'chatcmpl-1',
          target,
          modelId: 'gpt-4o-mini',
          timeoutMs,
          request: {
            operation: 'chat',
            model: 'chat',
            stream: true,
            includeUsage: true,
            callOptions: { messages: [] },
          },
          started: performance.now(),
          deadline,
          remember: options.remember,
        },
        first,
        iterator,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const text = await response.text();
    return { contentType: response.headers.get('content-type'), text, result };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
};

describe('the streamed answer step', () => {
  it('passes each part on in the client’s format and keeps usage, time to first token and the attempt', async () => {
    let remembered: GenerateResult | undefined;
    const got = await streamed(openaiChatWire, upstream(parts, 5), {
      remember: (_, whole) => {
        remembered = whole;
      },
    });
    expect(got.contentType).toBe('text/event-stream');
    expect(got.text).toContain('"model":"gpt-4o-mini-2024-07-18"');
    expect(got.text).toContain('"content":"Par"');
    expect(got.text).toContain('"usage":{"prompt_tokens":12');
    expect(got.text.trim().endsWith('data: [DONE]')).toBe(true);
    expect(got.result).toMatchObject({
      status: 200,
      model: 'gpt-4o-mini-2024-07-18',
      usage: { inputTokens: 12, outputTokens: 2 },
      attempt: { status: 200, error: null },
      failure: undefined,
    });
    expect(got.result?.ttftMs).toBeGreaterThan(0);
    // the whole answer, for the cache, once the stream finished cleanly
    expect(remembered?.text).toBe('Paris');
  });

  it('ends a stream the upstream broke with an error event in the client’s format, and says what broke', async () => {
    const cut = new YardstickError('E_STREAM_CUT', 'the connection closed early');
    const got = await streamed(anthropicMessagesWire, upstream(parts.slice(0, 2), 1, cut));
    expect(got.text).toContain('event: content_block_delta');
    expect(got.text).toContain('event: error');
    expect(got.text).toContain('"type":"api_error"');
    expect(got.result?.failure?.code).toBe('E_STREAM_CUT');
    expect(got.result?.attempt?.error).toBe('E_STREAM_CUT: the connection closed early');
  });

  it('times out a stream that stalls between parts longer than the route’s timeout', async () => {
    // like a provider's stream: the attempt's signal aborts the read it is waiting on
    async function* stalls(signal: AbortSignal): AsyncGenerator<StreamPart> {
      yield { type: 'text-delta', delta: 'Par' };
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, 10_000);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      });
    }
    const started = Date.now();
    const got = await streamed(openaiChatWire, stalls, { timeoutMs: 100 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(got.result?.failure?.code).toBe('E_TIMEOUT');
    expect(got.text).toContain('upstream stream failed');
  });
});
