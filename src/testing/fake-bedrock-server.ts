// Builders of real-shaped Bedrock Converse answers and ConverseStream event streams, and a fake Bedrock runtime
// that checks each request's SigV4 signature (check-sigv4.ts), as the real service does.
import { encodeEventStreamMessage } from '../http/aws-event-stream.js';
import { type AwsTestCredentials, checkSigV4 } from './check-sigv4.js';
import type { FakeToolCall } from './fake-openai-responses.js';
import type { FakeHandler, FakeResponse } from './fake-server.js';

export interface FakeBedrockOptions {
  content?: string;
  toolCalls?: FakeToolCall[];
  usage?: { inputTokens?: number; outputTokens?: number; cacheReadInputTokens?: number };
  stopReason?: string;
}

const usageBody = (usage: FakeBedrockOptions['usage'] = {}) => {
  const input = usage.inputTokens ?? 12;
  const output = usage.outputTokens ?? 5;
  const cacheRead = usage.cacheReadInputTokens ?? 0;
  return {
    inputTokens: input,
    outputTokens: output,
    totalTokens: input + output + cacheRead,
    ...(cacheRead === 0 ? {} : { cacheReadInputTokens: cacheRead, cacheWriteInputTokens: 0 }),
  };
};

const stopReasonOf = (options: FakeBedrockOptions) =>
  options.stopReason ?? ((options.toolCalls ?? []).length > 0 ? 'tool_use' : 'end_turn');

export const bedrockConverse = (options: FakeBedrockOptions = {}) => ({
  metrics: { latencyMs: 412 },
  output: {
    message: {
      role: 'assistant',
      content: [
        ...(options.content === undefined || options.content === '' ? [] : [{ text: options.content }]),
        ...(options.toolCalls ?? []).map((call, index) => ({
          toolUse: {
            toolUseId: call.id ?? `tooluse_fake${index}`,
            name: call.name,
            input: JSON.parse(call.arguments || '{}') as unknown,
          },
        })),
      ],
    },
  },
  stopReason: stopReasonOf(options),
  usage: usageBody(options.usage),
});

/** One event of a ConverseStream, padded with the `p` field AWS adds to vary the message length. */
export const bedrockEvent = (type: string, payload: Record<string, unknown>): Uint8Array =>
  encodeEventStreamMessage(
    { ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' },
    JSON.stringify({
      ...payload,
      p: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL'.slice(0, 5 + (type.length % 20)),
    }),
  );

export const bedrockException = (type: string, message: string): Uint8Array =>
  encodeEventStreamMessage(
    { ':exception-type': type, ':content-type': 'application/json', ':message-type': 'exception' },
    JSON.stringify({ message }),
  );

/** The messages of a ConverseStream: messageStart, text deltas, tool blocks, messageStop, then metadata. */
export const bedrockConverseStream = (
  options: FakeBedrockOptions & { chunkSize?: number } = {},
): Uint8Array[] => {
  const events = [bedrockEvent('messageStart', { role: 'assistant' })];
  let index = 0;
  const text = options.content ?? '';
  if (text !== '') {
    const size = options.chunkSize ?? 8;
    for (let start = 0; start < text.length; start += size) {
      events.push(
        bedrockEvent('contentBlockDelta', {
          contentBlockIndex: index,
          delta: { text: text.slice(start, start + size) },
        }),
      );
    }
    events.push(bedrockEvent('contentBlockStop', { contentBlockIndex: index }));
    index++;
  }
  (options.toolCalls ?? []).forEach((call, callIndex) => {
    const toolUse = { toolUseId: call.id ?? `tooluse_fake${callIndex}`, name: call.name };
    events.push(bedrockEvent('contentBlockStart', { contentBlockIndex: index, start: { toolUse } }));
    if (call.arguments !== '') {
      events.push(
        bedrockEvent('contentBlockDelta', {
          contentBlockIndex: index,
          delta: { toolUse: { input: call.arguments } },
        }),
      );
    }
    events.push(bedrockEvent('contentBlockStop', { contentBlockIndex: index }));
    index++;
  });
  events.push(bedrockEvent('messageStop', { stopReason: stopReasonOf(options) }));
  events.push(bedrockEvent('metadata', { usage: usageBody(options.usage), metrics: { latencyMs: 398 } }));
  return events;
};

const bedrockError = (status: number, type: string, message: string): FakeResponse => ({
  status,
  headers: { 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/` },
  json: { message },
});

const lastUserText = (body: unknown): string => {
  const messages =
    (body as { messages?: Array<{ role?: string; content?: Array<{ text?: string }> }> }).messages ?? [];
  const user = [...messages].reverse().find((message) => message.role === 'user');
  return user?.content?.find((block) => typeof block.text === 'string')?.text ?? '';
};

/**
 * Answers `POST /model/{id}/converse` and `/converse-stream` with `echo: <last user text>`, after checking the
 * SigV4 signature the way Bedrock does (403 InvalidSignatureException when it does not match).
 * @example const server = await startFakeServer(fakeBedrock({ credentials, region: 'us-east-1' }));
 */
export const fakeBedrock =
  (options: { credentials: AwsTestCredentials; region: string }): FakeHandler =>
  async (request) => {
    const problem = await checkSigV4(request, options);
    if (problem !== undefined) {
      return bedrockError(
        403,
        'InvalidSignatureException',
        `The request signature we calculated does not match the signature you provided (${problem}).`,
      );
    }
    const operation = /^\/model\/[^/]+\/(converse|converse-stream)$/.exec(request.path)?.[1];
    if (operation === undefined) return bedrockError(404, 'UnknownOperationException', 'Unknown operation');
    const question = lastUserText(request.body);
    const content = `echo: ${question}`;
    const usage = {
      inputTokens: question.split(/\s+/).length + 1,
      outputTokens: content.split(/\s+/).length,
    };
    if (operation === 'converse') return { status: 200, json: bedrockConverse({ content, usage }) };
    return { status: 200, eventStream: bedrockConverseStream({ content, usage }) };
  };
