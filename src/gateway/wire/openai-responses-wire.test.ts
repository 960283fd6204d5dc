import { describe, expect, it } from 'vitest';
import type { GenerateResult } from '../../spec/language-model.js';
import { GatewayError } from '../gateway-errors.js';
import { openaiResponsesWire } from './openai-responses-wire.js';
import { WireRequestError } from './parse-request.js';

const parsed = (body: Record<string, unknown>) => openaiResponsesWire.parse({ model: 'chat', ...body });

/** The SSE text as `[event name, data]` pairs. */
const events = (text: string): Array<[string, Record<string, unknown>]> =>
  text
    .split('\n\n')
    .filter(Boolean)
    .map((frame) => {
      const [eventLine, dataLine] = frame.split('\n') as [string, string];
      return [eventLine.slice('event: '.length), JSON.parse(dataLine.slice('data: '.length))];
    });

const result = (overrides: Partial<GenerateResult>): GenerateResult => ({
  text: '',
  toolCalls: [],
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: { inputTokens: 10, outputTokens: 3 },
  warnings: [],
  response: {},
  ...overrides,
});

describe('the OpenAI Responses wire format', () => {
  it('reads instructions, input items, tools and options into the call every provider takes', () => {
    const request = parsed({
      instructions: 'Be brief.',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris?' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
        { type: 'function_call', call_id: 'c1', name: 'w', arguments: '{"city":"Paris"}' },
        { type: 'function_call', call_id: 'c2', name: 'w', arguments: '{"city":"Lyon"}' },
        { type: 'function_call_output', call_id: 'c1', output: 'sunny' },
        { type: 'function_call_output', call_id: 'c2', output: [{ type: 'input_text', text: 'rain' }] },
        { type: 'reasoning', id: 'rs_1', summary: [] },
      ],
      tools: [{ type: 'function', name: 'w', parameters: { type: 'object' }, strict: true }],
      tool_choice: 'required',
      parallel_tool_calls: false,
      max_output_tokens: 50,
      temperature: 0.5,
      top_p: 0.9,
      reasoning: { effort: 'high' },
      text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true } },
      stream: true,
    });
    expect(request).toMatchObject({ operation: 'chat', model: 'chat', stream: true, includeUsage: true });
    expect(request.callOptions).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: 'Checking.',
          toolCalls: [
            { id: 'c1', name: 'w', arguments: '{"city":"Paris"}' },
            { id: 'c2', name: 'w', arguments: '{"city":"Lyon"}' },
          ],
        },
        { role: 'tool', toolCallId: 'c1', content: 'sunny' },
        { role: 'tool', toolCallId: 'c2', content: 'rain' },
      ],
      tools: [{ name: 'w', parameters: { type: 'object' }, strict: true }],
      toolChoice: 'required',
      parallelToolCalls: false,
      maxTokens: 50,
      temperature: 0.5,
      topP: 0.9,
      reasoningEffort: 'high',
      responseFormat: { type: 'json', schema: { name: 'out', schema: { type: 'object' }, strict: true } },
    });
  });

  it('refuses fields it cannot honour, unknown fields and malformed items with the field named', () => {
    const refused = (body: Record<string, unknown>): WireRequestError => {
      try {
        parsed({ input: 'x', ...body });
      } catch (error) {
        if (error instanceof WireRequestError) return error;
        throw error;
      }
      throw new Error(`accepted ${JSON.stringify(body)}`);
    };
    expect(refused({ store: true }).param).toBe('store');
    expect(refused({ reasoning: { summary: 'auto' } }).param).toBe('reasoning.summary');
    expect(refused({ text: { verbosity: 'low' } }).param).toBe('text.verbosity');
    expect(refused({ service_tier: 'flex' }).param).toBe('service_tier');
    expect(refused({ tools: [{ type: 'file_search' }] }).param).toBe('tools.0.type');
    expect(refused({ tools: [{ type: 'function' }] }).param).toBe('tools.0.name');
    expect(refused({ input: [] }).param).toBe('input');
    expect(refused({ input: [{ type: 'function_call', call_id: 'c', name: 'w' }] }).param).toBe(
      'input.0.arguments',
    );
    expect(refused({ input: [{ type: 'computer_call_output' }] }).message).toMatch(
      /input.0.type: input items of type "computer_call_output" are not supported/,
    );
    expect(refused({ tool_choice: { type: 'web_search_preview' } }).param).toBe('tool_choice.type');
    // the defaults, and stream_options, are fine
    expect(() =>
      parsed({ input: 'x', store: false, service_tier: 'auto', include: [], stream_options: {} }),
    ).not.toThrow();
  });

  it('answers with a message item, function_call items, usage, and the request settings echoed', () => {
    const request = parsed({ input: 'x', instructions: 'Be brief.', metadata: { a: '1' } });
    const kept: Array<[string, string]> = [];
    request.keepItem = (id, text) => kept.push([id, text]);
    const answer = openaiResponsesWire.completion(
      'resp_abc',
      'gpt-4o-mini',
      result({
        text: 'Let me look.',
        toolCalls: [{ id: 'call_1', name: 'w', arguments: '{}' }],
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
        usage: { inputTokens: 10, cachedInputTokens: 4, outputTokens: 3, reasoningTokens: 1 },
      }),
      request,
    );
    expect(answer).toMatchObject({
      id: 'resp_abc',
      object: 'response',
      status: 'completed',
      model: 'gpt-4o-mini',
      instructions: 'Be brief.',
      metadata: { a: '1' },
      tool_choice: 'auto',
      parallel_tool_calls: true,
      incomplete_details: null,
      output: [
        {
          id: 'msg_abc',
          type: 'message',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: 'Let me look.', annotations: [] }],
        },
        { id: 'fc_abc_0', type: 'function_call', call_id: 'call_1', name: 'w', arguments: '{}' },
      ],
      usage: {
        input_tokens: 10,
        input_tokens_details: { cached_tokens: 4 },
        output_tokens: 3,
        output_tokens_details: { reasoning_tokens: 1 },
        total_tokens: 13,
      },
    });
    expect(kept).toEqual([['msg_abc', 'Let me look.']]);
    const cut = openaiResponsesWire.completion(
      'resp_def',
      'm',
      result({ text: 'Once', finishReason: { unified: 'length', raw: 'length' } }),
      request,
    );
    expect(cut).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      output: [{ status: 'incomplete' }],
    });
  });

  it('streams text then a call as numbered events, and response.incomplete when cut', () => {
    const encoder = openaiResponsesWire.streamEncoder('resp_s', 'm', parsed({ input: 'x' }));
    let text = encoder.part({ type: 'response-metadata', modelId: 'm' });
    text += encoder.part({ type: 'text-delta', delta: '' });
    text += encoder.part({ type: 'text-delta', delta: 'Hi' });
    text += encoder.part({
      type: 'tool-call-delta',
      index: 0,
      id: 'call_1',
      name: 'w',
      argumentsDelta: '{"a"',
    });
    text += encoder.part({ type: 'tool-call-delta', index: 0, argumentsDelta: ':1}' });
    text += encoder.part({
      type: 'finish',
      finishReason: { unified: 'length', raw: 'length' },
      usage: { inputTokens: 5, outputTokens: 2 },
    });
    text += encoder.end({ inputTokens: 5, outputTokens: 2 });
    const got = events(text);
    expect(got.map(([name]) => name)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.incomplete',
    ]);
    expect(got.map(([, data]) => data.sequence_number)).toEqual(got.map((_, index) => index));
    expect(got.every(([name, data]) => data.type === name)).toBe(true);
    expect(got[11]?.[1]).toMatchObject({
      item_id: 'fc_s_0',
      output_index: 1,
      name: 'w',
      arguments: '{"a":1}',
    });
    expect(got.at(-1)?.[1]).toMatchObject({
      response: {
        status: 'incomplete',
        incomplete_details: { reason: 'max_output_tokens' },
        output: [
          { type: 'message', content: [{ text: 'Hi' }] },
          { type: 'function_call', call_id: 'call_1', arguments: '{"a":1}', status: 'incomplete' },
        ],
        usage: { input_tokens: 5, output_tokens: 2, total_tokens: 7 },
      },
    });
  });

  it('completes a stream that ended without a finish, and fails a broken one with an error event', () => {
    const ended = openaiResponsesWire.streamEncoder('resp_e', 'm', parsed({ input: 'x' }));
    const closing = events(ended.part({ type: 'text-delta', delta: 'Hi' }) + ended.end(undefined));
    expect(closing.at(-1)).toMatchObject([
      'response.completed',
      { response: { status: 'completed', usage: null } },
    ]);
    const broken = openaiResponsesWire.streamEncoder('resp_b', 'm', parsed({ input: 'x' }));
    const failing = events(
      broken.part({ type: 'text-delta', delta: 'Hi' }) +
        broken.error(new GatewayError('upstream_stream_error', 'upstream stream failed: cut')),
    );
    expect(failing.slice(-2)).toEqual([
      [
        'error',
        {
          type: 'error',
          code: 'upstream_stream_error',
          message: 'upstream stream failed: cut',
          param: null,
          sequence_number: 5,
        },
      ],
      [
        'response.failed',
        expect.objectContaining({
          response: expect.objectContaining({
            status: 'failed',
            error: { code: 'server_error', message: 'upstream stream failed: cut' },
          }),
        }),
      ],
    ]);
  });

  it('answers errors in OpenAI’s shape and names responses resp_…', () => {
    const error = new GatewayError('invalid_request', 'store: no', { param: 'store' });
    expect(openaiResponsesWire.errorBody(error)).toEqual({
      error: { message: 'store: no', type: 'invalid_request_error', param: 'store', code: 'invalid_request' },
    });
    expect(openaiResponsesWire.newId()).toMatch(/^resp_/);
  });
});
