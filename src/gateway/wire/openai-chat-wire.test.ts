import { describe, expect, it } from 'vitest';
import { GatewayError } from '../gateway-errors.js';
import { openaiChatWire } from './openai-chat-wire.js';
import { WireRequestError } from './parse-request.js';

describe('the OpenAI Chat Completions wire format', () => {
  it('reads messages, tools and options into the call every provider takes', () => {
    const request = openaiChatWire.parse({
      model: 'chat',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather in ' },
            { type: 'text', text: 'Paris?' },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', function: { name: 'w', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
      ],
      tools: [{ type: 'function', function: { name: 'w' } }],
      tool_choice: { type: 'function', function: { name: 'w' } },
      max_completion_tokens: 50,
      stop: 'END',
      response_format: { type: 'json_object' },
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(request).toMatchObject({ operation: 'chat', model: 'chat', stream: true, includeUsage: true });
    expect(request.callOptions).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'w', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'c1', content: 'sunny' },
      ],
      tools: [{ name: 'w', parameters: { type: 'object', properties: {} } }],
      toolChoice: { name: 'w' },
      maxTokens: 50,
      stop: ['END'],
      responseFormat: { type: 'json' },
    });
  });

  it('carries a json_schema response format with its schema, and refuses one without a name', () => {
    const schema = { type: 'object', properties: { fee: { type: 'number' } }, required: ['fee'] };
    const request = openaiChatWire.parse({
      model: 'chat',
      messages: [{ role: 'user', content: 'Fee?' }],
      response_format: { type: 'json_schema', json_schema: { name: 'fee', schema, strict: true } },
    });
    expect(request.callOptions.responseFormat).toEqual({
      type: 'json',
      schema: { name: 'fee', schema, strict: true },
    });
    expect(() =>
      openaiChatWire.parse({
        model: 'chat',
        messages: [{ role: 'user', content: 'Fee?' }],
        response_format: { type: 'json_schema', json_schema: { schema } },
      }),
    ).toThrow(/response_format\.json_schema\.name/);
  });

  it('refuses what it cannot carry with the field named', () => {
    const image = () =>
      openaiChatWire.parse({
        model: 'chat',
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'x' } }] }],
      });
    expect(image).toThrow(WireRequestError);
    expect(image).toThrow(/messages\.0: content parts of type "image_url" are not supported/);
    expect(() => openaiChatWire.parse({ model: 'chat', messages: [], n: 2 })).toThrow(/messages/);
  });

  it('streams chunks, the usage chunk when asked, [DONE], and errors in OpenAI’s shape', () => {
    const encoder = openaiChatWire.streamEncoder('chatcmpl-1', 'gpt-4o-mini', {
      operation: 'chat',
      model: 'chat',
      stream: true,
      includeUsage: true,
      callOptions: { messages: [] },
    });
    const text = encoder.part({ type: 'text-delta', delta: 'Hi' });
    const chunks = text.split('\n\n').filter(Boolean);
    // the role chunk first, as OpenAI sends it, then the content
    expect(chunks.map((chunk) => JSON.parse(chunk.slice('data: '.length)).choices[0].delta)).toEqual([
      { role: 'assistant', content: '', refusal: null },
      { content: 'Hi' },
    ]);
    const end = encoder.end({ inputTokens: 3, outputTokens: 1 });
    expect(end).toContain('"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4');
    expect(end.endsWith('data: [DONE]\n\n')).toBe(true);
    const error = encoder.error(new GatewayError('upstream_stream_error', 'cut'));
    expect(JSON.parse(error.slice('data: '.length))).toEqual({
      error: { message: 'cut', type: 'upstream_error', param: null, code: 'upstream_stream_error' },
    });
  });
});
