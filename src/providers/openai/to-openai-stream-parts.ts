// Turns the SSE events of a streamed Chat Completion into stream parts, detecting cut and corrupt streams.
import type { SseEvent } from '../../http/sse.js';
import { YardstickError } from '../../spec/errors.js';
import type { StreamExtras } from '../../spec/extra-fields.js';
import type { StreamPart } from '../../spec/language-model.js';
import { mapStreamError } from '../map-stream-error.js';
import { parseJsonChunk, parseWithSchema } from '../parse-provider-response.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { mapOpenAIUsage } from './map-openai-usage.js';
import { openaiChunkExtras } from './openai-extras.js';
import { type OpenAIUsage, openaiChunkSchema, openaiErrorChunkSchema } from './openai-schemas.js';

const nonEmpty = (value: string | null | undefined): string | undefined =>
  value == null || value === '' ? undefined : value;

export async function* toOpenAIStreamParts(
  events: AsyncIterable<SseEvent>,
  host: string,
): AsyncGenerator<StreamPart> {
  let sawDone = false;
  let sentMetadata = false;
  let rawFinishReason: string | undefined;
  let usage: OpenAIUsage;
  const held: StreamExtras[] = [];

  for await (const event of events) {
    if (event.data === '[DONE]') {
      sawDone = true;
      break;
    }
    const value = parseJsonChunk(event.data, `a stream chunk from ${host}`);
    const errorChunk = openaiErrorChunkSchema.safeParse(value);
    if (errorChunk.success) throw mapStreamError(errorChunk.data.error, host);
    const chunk = parseWithSchema(openaiChunkSchema, value, `stream chunk from ${host}`);

    // Azure opens with a chunk of prompt filter results whose id and model are '': the real ones come next
    if (!sentMetadata && (nonEmpty(chunk.id) || nonEmpty(chunk.model))) {
      sentMetadata = true;
      yield { type: 'response-metadata', id: nonEmpty(chunk.id), modelId: nonEmpty(chunk.model) };
      for (const extras of held.splice(0)) yield { type: 'extras', extras };
    }
    if (chunk.usage != null) usage = chunk.usage;
    const choice = chunk.choices?.[0];
    const extras = openaiChunkExtras(chunk, choice);
    // extras follow the response metadata, which the gateway reads from the stream's first part
    if (extras && sentMetadata) yield { type: 'extras', extras };
    else if (extras) held.push(extras);
    if (choice === undefined) continue;
    const delta = choice.delta;
    if (delta?.content != null && delta.content !== '') yield { type: 'text-delta', delta: delta.content };
    for (const call of delta?.tool_calls ?? []) {
      yield {
        type: 'tool-call-delta',
        index: call.index,
        id: call.id ?? undefined,
        name: call.function?.name ?? undefined,
        argumentsDelta: call.function?.arguments ?? '',
      };
    }
    if (choice.finish_reason != null) rawFinishReason = choice.finish_reason;
  }

  if (!sawDone && rawFinishReason === undefined) {
    throw new YardstickError('E_STREAM_CUT', `stream ended before the model finished (${host})`, {
      retryable: true,
    });
  }
  yield {
    type: 'finish',
    finishReason: mapOpenAIFinishReason(rawFinishReason),
    usage: mapOpenAIUsage(usage),
  };
}
