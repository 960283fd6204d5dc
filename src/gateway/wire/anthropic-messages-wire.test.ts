import { describe, expect, it } from 'vitest';
import { GatewayError } from '../gateway-errors.js';
import { anthropicMessagesWire } from './anthropic-messages-wire.js';
import type { ChatRequest } from './wire-protocol.js';

const request: ChatRequest = {
  operation: 'chat',
  model: 'chat',
  stream: true,
  includeUsage: true,
  callOptions: { messages: [] },
};

describe('the Anthropic Messages wire format', () => {
  it('reads system blocks, tool_use and tool_result blocks into the call every provider takes', () => {
    const request = anthropicMessagesWire.parse({
      model: 'chat',
      max_tokens: 100,
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [
        { role: 'user', content: 'Booking K7?' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 't1', name: 'lookup', input: { ref: 'K7' } }],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'seat 12A' }] },
      ],
      tool_choice: { type: 'any' },
      stop_sequences: ['END'],
    });
    expect(request).toMatchObject({ operation: 'chat', stream: false, includeUsage: true });
    expect(request.callOptions).toEqual({
      maxTokens: 100,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Booking K7?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 't1', name: 'lookup', arguments: '{"ref":"K7"}' }],
        },
        { role: 'tool', toolCallId: 't1', content: 'seat 12A' },
      ],
      toolChoice: 'required',
      stop: ['END'],
    });
  });

  it('answers with content blocks and Anthropic’s stop reason and usage', () => {
    const message = anthropicMessagesWire.completion(
      'msg_1',
      'gpt-4o-mini',
      {
        text: '',
        toolCalls: [{ id: 't2', name: 'lookup', arguments: '{"ref":"K7"}' }],
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
        usage: { inputTokens: 20, cachedInputTokens: 5, outputTokens: 4 },
        warnings: [],
        response: {},
      },
      request,
    );
    expect(message).toEqual({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o-mini',
      content: [{ type: 'tool_use', id: 't2', name: 'lookup', input: { ref: 'K7' } }],
      stop_reason: 'tool_use',
      stop_sequence: null,
      // Anthropic counts cache reads apart from input_tokens
      usage: {
        input_tokens: 15,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 5,
        output_tokens: 4,
      },
    });
  });

  it('streams message_start, content blocks, message_delta and message_stop; errors as an error event', () => {
    const encoder = anthropicMessagesWire.streamEncoder('msg_1', 'gpt-4o-mini', request);
    const text =
      encoder.part({ type: 'text-delta', delta: 'Hi' }) +
      encoder.part({
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: { inputTokens: 3, outputTokens: 1 },
      });
    const events = [...text.matchAll(/^event: (\S+)$/gm)].map((match) => match[1]);
    expect(events).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(encoder.end(undefined)).toBe('');
    expect(encoder.error(new GatewayError('upstream_stream_error', 'cut'))).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"api_error","message":"cut"}}\n\n',
    );
  });
});
