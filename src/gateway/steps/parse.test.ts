import type { IncomingMessage } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../gateway-errors.js';
import { anthropicMessagesWire } from '../wire/anthropic-messages-wire.js';
import { openaiChatWire } from '../wire/openai-chat-wire.js';
import { parse } from './parse.js';

/** A request body arriving as the HTTP server hands it on: a stream with headers that is `complete` at its end. */
const message = (body: string, headers: Record<string, string> = {}): IncomingMessage => {
  const stream = Readable.from([Buffer.from(body)]) as Readable & { headers: object; complete: boolean };
  stream.headers = headers;
  stream.complete = false;
  stream.on('end', () => {
    stream.complete = true;
  });
  return stream as unknown as IncomingMessage;
};

const refusal = async (run: Promise<unknown>): Promise<GatewayError> => {
  const error = await run.catch((caught: unknown) => caught);
  if (error instanceof GatewayError) return error;
  throw new Error(`expected a GatewayError, got ${String(error)}`);
};

const chat = { model: 'chat', messages: [{ role: 'user', content: 'hi' }] };

describe('the parse step', () => {
  it("reads a body in the endpoint's wire format into the call it asks for", async () => {
    const parsed = await parse(message(JSON.stringify({ ...chat, stream: true })), openaiChatWire, 4096);
    expect(parsed.request).toMatchObject({
      operation: 'chat',
      model: 'chat',
      stream: true,
      callOptions: { messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(parsed.body.toString()).toContain('"stream":true');
    const messages = await parse(
      message(JSON.stringify({ model: 'chat', max_tokens: 5, system: 'brief', messages: chat.messages })),
      anthropicMessagesWire,
      4096,
    );
    expect(messages.request.callOptions).toMatchObject({
      maxTokens: 5,
      messages: [
        { role: 'system', content: 'brief' },
        { role: 'user', content: 'hi' },
      ],
    });
  });

  it('refuses malformed JSON, a bad field, deep nesting and a body over the limit, each by its code', async () => {
    expect((await refusal(parse(message('{"model":'), openaiChatWire, 4096))).code).toBe('invalid_json');
    const bad = await refusal(
      parse(message(JSON.stringify({ model: 'chat', messages: [{ role: 'robot' }] })), openaiChatWire, 4096),
    );
    expect([bad.status, bad.code, bad.param]).toEqual([400, 'invalid_request', 'messages.0.role']);
    const deep = await refusal(parse(message(`${'['.repeat(100)}${']'.repeat(100)}`), openaiChatWire, 4096));
    expect([deep.status, deep.code]).toEqual([400, 'nesting_too_deep']);
    const declared = await refusal(
      parse(message(JSON.stringify(chat), { 'content-length': '5000' }), openaiChatWire, 4096),
    );
    expect([declared.status, declared.code]).toEqual([413, 'body_too_large']);
    const sent = await refusal(parse(message(JSON.stringify(chat)), openaiChatWire, 16));
    expect([sent.status, sent.code]).toEqual([413, 'body_too_large']);
  });

  it('calls a client that leaves mid-body a client abort, not a failure', async () => {
    const stream = new PassThrough() as PassThrough & { headers: object; complete: boolean };
    stream.headers = {};
    stream.complete = false;
    const parsing = parse(stream as unknown as IncomingMessage, openaiChatWire, 4096);
    stream.write('{"model":"ch');
    stream.destroy();
    const gone = await refusal(parsing);
    expect([gone.status, gone.code]).toEqual([499, 'client_closed_request']);
  });
});
