// The Responses API's streaming events for a model's stream parts, numbered by `sequence_number`:
// `response.created`, `response.in_progress`, an output item per text run or function call (added, its content
// part and deltas, done), then `response.completed` (or `response.incomplete`) with usage; a broken stream ends
// with an `error` event and `response.failed`.
import { randomBytes } from 'node:crypto';
import type { StreamPart } from '../../spec/language-model.js';
import type { ToolCall } from '../../spec/messages.js';
import type { Usage } from '../../spec/usage.js';
import {
  callItemId,
  functionCallItem,
  incompleteReason,
  messageItem,
  messageItemId,
  outputText,
  type ResponseState,
  responseJson,
} from './responses-output.js';
import type { ChatRequest, StreamEncoder } from './wire-protocol.js';

type OpenItem =
  | { kind: 'text'; index: number; id: string; text: string }
  | { kind: 'call'; index: number; id: string; toolIndex: number; call: ToolCall };

export const responsesStreamEncoder = (id: string, model: string, request: ChatRequest): StreamEncoder => {
  let sequence = 0;
  let started = false;
  let finished = false;
  let open: OpenItem | undefined;
  let calls = 0;
  const state: ResponseState = {
    id,
    model,
    createdAt: Math.floor(Date.now() / 1000),
    echo: request.echo,
    status: 'in_progress',
    output: [],
    usage: undefined,
    incomplete: undefined,
    error: undefined,
  };
  const event = (type: string, data: Record<string, unknown>): string => {
    const text = `event: ${type}\ndata: ${JSON.stringify({ type, ...data, sequence_number: sequence })}\n\n`;
    sequence += 1;
    return text;
  };
  const start = (): string => {
    if (started) return '';
    started = true;
    const response = responseJson(state);
    return event('response.created', { response }) + event('response.in_progress', { response });
  };
  /** The done events of the open item; the item joins the output. */
  const close = (status: string): string => {
    const item = open;
    if (item === undefined) return '';
    open = undefined;
    const at = { item_id: item.id, output_index: item.index };
    if (item.kind === 'text') {
      const done = messageItem(item.id, status, item.text);
      state.output.push(done);
      request.keepItem?.(item.id, item.text);
      return (
        event('response.output_text.done', { ...at, content_index: 0, text: item.text, logprobs: [] }) +
        event('response.content_part.done', { ...at, content_index: 0, part: outputText(item.text) }) +
        event('response.output_item.done', { output_index: item.index, item: done })
      );
    }
    const done = functionCallItem(item.id, status, item.call);
    state.output.push(done);
    return (
      event('response.function_call_arguments.done', {
        ...at,
        name: item.call.name,
        arguments: item.call.arguments,
      }) + event('response.output_item.done', { output_index: item.index, item: done })
    );
  };
  const text = (delta: string): string => {
    let out = '';
    if (open?.kind !== 'text') {
      out += close('completed');
      const item = { kind: 'text' as const, index: state.output.length, id: messageItemId(id), text: '' };
      if (item.index > 0) item.id = `${item.id}_${item.index}`;
      open = item;
      out +=
        event('response.output_item.added', {
          output_index: item.index,
          item: messageItem(item.id, 'in_progress', undefined),
        }) +
        event('response.content_part.added', {
          item_id: item.id,
          output_index: item.index,
          content_index: 0,
          part: outputText(''),
        });
    }
    open.text += delta;
    return (
      out +
      event('response.output_text.delta', {
        item_id: open.id,
        output_index: open.index,
        content_index: 0,
        delta,
        logprobs: [],
      })
    );
  };
  const call = (part: Extract<StreamPart, { type: 'tool-call-delta' }>): string => {
    let out = '';
    if (open?.kind !== 'call' || open.toolIndex !== part.index) {
      out += close('completed');
      const callId = part.id ?? `call_${randomBytes(12).toString('base64url')}`;
      open = {
        kind: 'call',
        index: state.output.length,
        id: callItemId(id, calls),
        toolIndex: part.index,
        call: { id: callId, name: part.name ?? '', arguments: '' },
      };
      calls += 1;
      out += event('response.output_item.added', {
        output_index: open.index,
        item: functionCallItem(open.id, 'in_progress', open.call),
      });
    }
    if (part.argumentsDelta === '') return out;
    open.call.arguments += part.argumentsDelta;
    return (
      out +
      event('response.function_call_arguments.delta', {
        item_id: open.id,
        output_index: open.index,
        delta: part.argumentsDelta,
      })
    );
  };
  const finish = (usage: Usage | undefined, cut: string | undefined): string => {
    finished = true;
    const out = close(cut === undefined ? 'completed' : 'incomplete');
    state.status = cut === undefined ? 'completed' : 'incomplete';
    state.incomplete = cut;
    state.usage = usage;
    const type = cut === undefined ? 'response.completed' : 'response.incomplete';
    return out + event(type, { response: responseJson(state) });
  };
  return {
    part(part: StreamPart): string {
      if (finished) return '';
      const out = start();
      switch (part.type) {
        case 'text-delta':
          return part.delta === '' ? out : out + text(part.delta);
        case 'tool-call-delta':
          return out + call(part);
        case 'finish':
          return out + finish(part.usage, incompleteReason(part.finishReason.unified));
        default:
          return out;
      }
    },
    // an upstream that ended without a finish part: complete the response so the client's SDK does too
    end: (usage) => (finished ? '' : start() + finish(usage, undefined)),
    error(error) {
      if (finished) return '';
      finished = true;
      const out = start();
      state.status = 'failed';
      state.error = { code: 'server_error', message: error.message };
      return (
        out +
        event('error', { code: error.code, message: error.message, param: error.param }) +
        event('response.failed', { response: responseJson(state) })
      );
    },
  };
};
