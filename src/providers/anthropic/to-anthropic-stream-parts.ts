// Turns Messages API stream events into stream parts; a stream without `message_stop` was cut.
import type { SseEvent } from '../../http/sse.js';
import { YardstickError } from '../../spec/errors.js';
import type { StreamPart } from '../../spec/language-model.js';
import { mapStreamError } from '../map-stream-error.js';
import { parseJsonChunk, parseWithSchema } from '../parse-provider-response.js';
import { modelledBlockTypes } from './anthropic-extras.js';
import { type AnthropicUsage, anthropicStreamEventSchema } from './anthropic-schemas.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';
import { mapAnthropicUsage } from './map-anthropic-usage.js';

const definedOnly = (usage: AnthropicUsage): Partial<AnthropicUsage> =>
  Object.fromEntries(Object.entries(usage).filter(([, value]) => value !== null && value !== undefined));

export async function* toAnthropicStreamParts(
  events: AsyncIterable<SseEvent>,
  host: string,
): AsyncGenerator<StreamPart> {
  let usage: AnthropicUsage = {};
  let rawStopReason: string | undefined;
  let sawStop = false;
  // Content block index → tool call index, and whether that call got any argument text.
  const toolCalls = new Map<number, { index: number; hasArguments: boolean }>();
  // Content blocks the common parts do not model (thinking, …): their events go on as extras.
  const otherBlocks = new Set<number>();

  for await (const sse of events) {
    const event = parseWithSchema(
      anthropicStreamEventSchema,
      parseJsonChunk(sse.data, `a stream event from ${host}`),
      `stream event from ${host}`,
    );
    switch (event.type) {
      case 'message_start':
        yield {
          type: 'response-metadata',
          id: event.message?.id ?? undefined,
          modelId: event.message?.model ?? undefined,
        };
        usage = { ...usage, ...definedOnly(event.message?.usage ?? {}) };
        break;
      case 'content_block_start':
        if (event.content_block && !modelledBlockTypes.has(event.content_block.type)) {
          otherBlocks.add(event.index ?? -1);
          yield { type: 'extras', extras: { format: 'anthropic-messages', event } };
        } else if (event.content_block?.type === 'tool_use') {
          const call = { index: toolCalls.size, hasArguments: false };
          toolCalls.set(event.index ?? -1, call);
          yield {
            type: 'tool-call-delta',
            index: call.index,
            id: event.content_block.id ?? undefined,
            name: event.content_block.name ?? undefined,
            argumentsDelta: '',
          };
        }
        break;
      case 'content_block_delta': {
        if (otherBlocks.has(event.index ?? -1)) {
          yield { type: 'extras', extras: { format: 'anthropic-messages', event } };
          break;
        }
        const delta = event.delta;
        if (delta?.type === 'text_delta' && delta.text != null && delta.text !== '') {
          yield { type: 'text-delta', delta: delta.text };
        }
        const call = toolCalls.get(event.index ?? -1);
        if (delta?.type === 'input_json_delta' && call !== undefined && delta.partial_json != null) {
          if (delta.partial_json !== '') call.hasArguments = true;
          yield { type: 'tool-call-delta', index: call.index, argumentsDelta: delta.partial_json };
        }
        break;
      }
      case 'content_block_stop': {
        if (otherBlocks.has(event.index ?? -1)) {
          yield { type: 'extras', extras: { format: 'anthropic-messages', event } };
          break;
        }
        // A tool called without input streams no JSON; match the non-streaming `{}`.
        const call = toolCalls.get(event.index ?? -1);
        if (call !== undefined && !call.hasArguments) {
          yield { type: 'tool-call-delta', index: call.index, argumentsDelta: '{}' };
        }
        break;
      }
      case 'message_delta':
        if (event.delta?.stop_reason != null) rawStopReason = event.delta.stop_reason;
        usage = { ...usage, ...definedOnly(event.usage ?? {}) };
        break;
      case 'message_stop':
        sawStop = true;
        break;
      case 'error':
        throw mapStreamError(event.error ?? { message: 'unknown error' }, host);
      default:
        // ping and event types added later carry nothing we need.
        break;
    }
    if (sawStop) break;
  }

  if (!sawStop) {
    throw new YardstickError('E_STREAM_CUT', `stream ended before the model finished (${host})`, {
      retryable: true,
    });
  }
  yield {
    type: 'finish',
    finishReason: mapAnthropicFinishReason(rawStopReason),
    usage: mapAnthropicUsage(usage),
  };
}
