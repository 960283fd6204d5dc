// Turns ConverseStream's event-stream messages into stream parts: text and tool-use deltas by content block, the
// stop reason from messageStop, usage from the metadata event that follows it; no messageStop means a cut stream.
import type { z } from 'zod';
import type { EventStreamMessage } from '../../http/aws-event-stream.js';
import { YardstickError } from '../../spec/errors.js';
import type { StreamPart } from '../../spec/language-model.js';
import { parseJsonChunk, parseWithSchema } from '../parse-provider-response.js';
import { mapBedrockStreamException } from './bedrock-errors.js';
import { type BedrockUsage, bedrockStreamEventSchemas } from './bedrock-schemas.js';
import { mapBedrockFinishReason } from './map-bedrock-finish-reason.js';
import { mapBedrockUsage } from './map-bedrock-usage.js';

const events = bedrockStreamEventSchemas;

const payload = <T extends z.ZodType>(schema: T, message: EventStreamMessage, host: string): z.output<T> => {
  const type = message.headers[':event-type'] ?? 'event';
  return parseWithSchema(
    schema,
    parseJsonChunk(message.body, `a ${type} event from ${host}`),
    `${type} event from ${host}`,
  );
};

export async function* toBedrockStreamParts(
  messages: AsyncIterable<EventStreamMessage>,
  host: string,
): AsyncGenerator<StreamPart> {
  let rawStopReason: string | undefined;
  let sawStop = false;
  let usage: BedrockUsage;
  // content block index → tool call index, and whether that call got any input text
  const toolCalls = new Map<number, { index: number; hasInput: boolean }>();

  for await (const message of messages) {
    const kind = message.headers[':message-type'];
    if (kind === 'exception') {
      throw mapBedrockStreamException(
        message.headers[':exception-type'] ?? 'unknownException',
        message.body,
        host,
      );
    }
    if (kind === 'error') {
      const code = message.headers[':error-code'] ?? 'error';
      throw new YardstickError(
        'E_HTTP_SERVER',
        `${host} sent an error mid-stream: ${code}: ${message.headers[':error-message'] ?? ''}`,
        {
          retryable: true,
        },
      );
    }
    switch (message.headers[':event-type']) {
      case 'contentBlockStart': {
        const event = payload(events.contentBlockStart, message, host);
        const toolUse = event.start?.toolUse;
        if (toolUse != null) {
          const call = { index: toolCalls.size, hasInput: false };
          toolCalls.set(event.contentBlockIndex, call);
          yield {
            type: 'tool-call-delta',
            index: call.index,
            id: toolUse.toolUseId,
            name: toolUse.name,
            argumentsDelta: '',
          };
        }
        break;
      }
      case 'contentBlockDelta': {
        const event = payload(events.contentBlockDelta, message, host);
        if (event.delta.text != null && event.delta.text !== '')
          yield { type: 'text-delta', delta: event.delta.text };
        const call = toolCalls.get(event.contentBlockIndex);
        const input = event.delta.toolUse?.input;
        if (call !== undefined && input != null && input !== '') {
          call.hasInput = true;
          yield { type: 'tool-call-delta', index: call.index, argumentsDelta: input };
        }
        break;
      }
      case 'contentBlockStop': {
        // a tool called without input streams none; match the non-streaming `{}`
        const call = toolCalls.get(payload(events.contentBlockStop, message, host).contentBlockIndex);
        if (call !== undefined && !call.hasInput) {
          call.hasInput = true;
          yield { type: 'tool-call-delta', index: call.index, argumentsDelta: '{}' };
        }
        break;
      }
      case 'messageStop':
        rawStopReason = payload(events.messageStop, message, host).stopReason ?? undefined;
        sawStop = true;
        break;
      case 'metadata':
        usage = payload(events.metadata, message, host).usage;
        break;
      default:
        // messageStart and event types added later carry nothing needed
        break;
    }
  }

  if (!sawStop) {
    throw new YardstickError('E_STREAM_CUT', `stream ended before the model finished (${host})`, {
      retryable: true,
    });
  }
  yield {
    type: 'finish',
    finishReason: mapBedrockFinishReason(rawStopReason),
    usage: mapBedrockUsage(usage),
  };
}
