// Anthropic's streaming events for a model's stream parts: `message_start`, a content block per text run or tool
// call, `message_delta` with the stop reason and usage, `message_stop`; and `event: error` for a broken stream.
import { randomBytes } from 'node:crypto';
import type { UnifiedFinishReason } from '../../spec/finish-reason.js';
import type { StreamPart } from '../../spec/language-model.js';
import type { Usage } from '../../spec/usage.js';
import { anthropicErrorJson } from '../gateway-errors.js';
import type { StreamEncoder } from './wire-protocol.js';

const stopReasons: Record<UnifiedFinishReason, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
  error: 'end_turn',
  other: 'end_turn',
};

const anthropicStopReasons = new Set([
  'end_turn',
  'max_tokens',
  'stop_sequence',
  'tool_use',
  'pause_turn',
  'refusal',
]);

/** Anthropic's own word when the upstream was Anthropic, else the closest one. */
export const stopReason = (finish: { unified: UnifiedFinishReason; raw: string | undefined }): string =>
  finish.raw !== undefined && anthropicStopReasons.has(finish.raw) ? finish.raw : stopReasons[finish.unified];

/** Anthropic counts cache reads and writes apart from `input_tokens`; the spec counts them within it. */
export const anthropicUsage = (usage: Usage) => {
  const cached = usage.cachedInputTokens ?? 0;
  const written = usage.cacheWriteInputTokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage.inputTokens ?? 0) - cached - written),
    cache_creation_input_tokens: written,
    cache_read_input_tokens: cached,
    output_tokens: usage.outputTokens ?? 0,
  };
};

const event = (name: string, data: unknown): string => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

export const anthropicStreamEncoder = (id: string, model: string): StreamEncoder => {
  let started = false;
  let finished = false;
  let index = -1;
  let open: 'text' | 'tool' | 'other' | undefined;
  let toolIndex = -1;
  const start = (): string => {
    if (started) return '';
    started = true;
    return event('message_start', {
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 0, output_tokens: 0 },
      },
    });
  };
  const close = (): string => {
    if (open === undefined) return '';
    open = undefined;
    return event('content_block_stop', { type: 'content_block_stop', index });
  };
  return {
    part(part: StreamPart): string {
      let out = start();
      if (part.type === 'text-delta') {
        if (part.delta === '') return out;
        if (open !== 'text') {
          out += close();
          index += 1;
          open = 'text';
          out += event('content_block_start', {
            type: 'content_block_start',
            index,
            content_block: { type: 'text', text: '' },
          });
        }
        return (
          out +
          event('content_block_delta', {
            type: 'content_block_delta',
            index,
            delta: { type: 'text_delta', text: part.delta },
          })
        );
      }
      if (part.type === 'tool-call-delta') {
        if (open !== 'tool' || part.index !== toolIndex) {
          out += close();
          index += 1;
          open = 'tool';
          toolIndex = part.index;
          const id = part.id ?? `toolu_${randomBytes(12).toString('base64url')}`;
          out += event('content_block_start', {
            type: 'content_block_start',
            index,
            content_block: { type: 'tool_use', id, name: part.name ?? '', input: {} },
          });
        }
        if (part.argumentsDelta === '') return out;
        return (
          out +
          event('content_block_delta', {
            type: 'content_block_delta',
            index,
            delta: { type: 'input_json_delta', partial_json: part.argumentsDelta },
          })
        );
      }
      if (part.type === 'extras') {
        if (part.extras.format !== 'anthropic-messages') return out;
        // a block the common parts do not model (thinking, …), from an Anthropic upstream: as it came, renumbered
        const { event: upstream } = part.extras;
        if (upstream.type === 'content_block_start') {
          out += close();
          index += 1;
          open = 'other';
        } else if (open !== 'other') return out;
        if (upstream.type === 'content_block_stop') open = undefined;
        return out + event(String(upstream.type), { ...upstream, index });
      }
      if (part.type === 'finish') {
        finished = true;
        return (
          out +
          close() +
          event('message_delta', {
            type: 'message_delta',
            delta: { stop_reason: stopReason(part.finishReason), stop_sequence: null },
            usage: anthropicUsage(part.usage),
          }) +
          event('message_stop', { type: 'message_stop' })
        );
      }
      return out;
    },
    end(): string {
      if (finished) return '';
      // an upstream that ended without a finish part: close the message so the client's SDK completes
      return `${start()}${close()}${event('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 0 } })}${event('message_stop', { type: 'message_stop' })}`;
    },
    error: (error) => event('error', anthropicErrorJson(error)),
  };
};
