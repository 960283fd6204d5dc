// Builders of real-shaped Anthropic Messages API bodies and SSE frames for tests and the fake server.
import type { FakeToolCall } from './fake-openai-responses.js';

export interface FakeAnthropicUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

export interface FakeAnthropicOptions {
  content?: string;
  toolCalls?: FakeToolCall[];
  usage?: FakeAnthropicUsage;
  model?: string;
  id?: string;
  stopReason?: string;
}

const usageBody = (usage: FakeAnthropicUsage = {}) => ({
  input_tokens: usage.input_tokens ?? 12,
  cache_creation_input_tokens: usage.cache_creation_input_tokens ?? 0,
  cache_read_input_tokens: usage.cache_read_input_tokens ?? 0,
  output_tokens: usage.output_tokens ?? 5,
  service_tier: 'standard',
});

const toolUseId = (call: FakeToolCall, index: number): string => call.id ?? `toolu_fake${index}`;

const parseInput = (argumentsText: string): unknown => {
  try {
    return JSON.parse(argumentsText);
  } catch {
    return {};
  }
};

export const anthropicMessage = (options: FakeAnthropicOptions = {}) => {
  const toolCalls = options.toolCalls ?? [];
  const content: Record<string, unknown>[] = [];
  if (options.content !== undefined && options.content !== '')
    content.push({ type: 'text', text: options.content });
  toolCalls.forEach((call, index) => {
    content.push({
      type: 'tool_use',
      id: toolUseId(call, index),
      name: call.name,
      input: parseInput(call.arguments),
    });
  });
  return {
    id: options.id ?? 'msg_01FakeXFDUDYJgAACzvnptvV',
    type: 'message',
    role: 'assistant',
    model: options.model ?? 'claude-3-5-haiku-20241022',
    content,
    stop_reason: options.stopReason ?? (toolCalls.length > 0 ? 'tool_use' : 'end_turn'),
    stop_sequence: null,
    usage: usageBody(options.usage),
  };
};

const frame = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** The frames of a streamed message, from `message_start` to `message_stop`, with a `ping`. */
export const anthropicStream = (options: FakeAnthropicOptions & { chunkSize?: number } = {}): string[] => {
  const toolCalls = options.toolCalls ?? [];
  const usage = usageBody(options.usage);
  const frames = [
    frame('message_start', {
      type: 'message_start',
      message: {
        ...anthropicMessage({ ...options, toolCalls: [] }),
        content: [],
        stop_reason: null,
        usage: { ...usage, output_tokens: 1 },
      },
    }),
  ];
  let index = 0;
  const text = options.content ?? '';
  if (text !== '') {
    frames.push(
      frame('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'text', text: '' },
      }),
    );
    frames.push(frame('ping', { type: 'ping' }));
    const size = options.chunkSize ?? 4;
    for (let start = 0; start < text.length; start += size) {
      const delta = { type: 'text_delta', text: text.slice(start, start + size) };
      frames.push(frame('content_block_delta', { type: 'content_block_delta', index, delta }));
    }
    frames.push(frame('content_block_stop', { type: 'content_block_stop', index }));
    index++;
  }
  toolCalls.forEach((call, callIndex) => {
    const block = { type: 'tool_use', id: toolUseId(call, callIndex), name: call.name, input: {} };
    frames.push(frame('content_block_start', { type: 'content_block_start', index, content_block: block }));
    frames.push(
      frame('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: '' },
      }),
    );
    for (let start = 0; start < call.arguments.length; start += 8) {
      const delta = { type: 'input_json_delta', partial_json: call.arguments.slice(start, start + 8) };
      frames.push(frame('content_block_delta', { type: 'content_block_delta', index, delta }));
    }
    frames.push(frame('content_block_stop', { type: 'content_block_stop', index }));
    index++;
  });
  frames.push(
    frame('message_delta', {
      type: 'message_delta',
      delta: {
        stop_reason: options.stopReason ?? (toolCalls.length > 0 ? 'tool_use' : 'end_turn'),
        stop_sequence: null,
      },
      usage: { output_tokens: usage.output_tokens },
    }),
  );
  frames.push(frame('message_stop', { type: 'message_stop' }));
  return frames;
};
