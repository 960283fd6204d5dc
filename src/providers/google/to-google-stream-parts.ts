// Turns the SSE chunks of `streamGenerateContent?alt=sse` into stream parts. Gemini sends no end marker: a stream
// that closes before any chunk carried a finishReason (or a prompt block) was cut.
import type { SseEvent } from '../../http/sse.js';
import { YardstickError } from '../../spec/errors.js';
import type { StreamPart } from '../../spec/language-model.js';
import { parseJsonChunk, parseWithSchema } from '../parse-provider-response.js';
import { mapGoogleStreamError } from './google-errors.js';
import { type GoogleUsage, googleErrorSchema, googleResponseSchema } from './google-schemas.js';
import { mapGoogleFinishReason } from './map-google-finish-reason.js';
import { mapGoogleUsage } from './map-google-usage.js';

export async function* toGoogleStreamParts(
  events: AsyncIterable<SseEvent>,
  host: string,
): AsyncGenerator<StreamPart> {
  let sentMetadata = false;
  let rawFinishReason: string | undefined;
  let blockReason: string | undefined;
  let usage: GoogleUsage;
  let toolCalls = 0;

  for await (const event of events) {
    const value = parseJsonChunk(event.data, `a stream chunk from ${host}`);
    const errorChunk = googleErrorSchema.safeParse(value);
    if (errorChunk.success) throw mapGoogleStreamError(errorChunk.data.error, host);
    const chunk = parseWithSchema(googleResponseSchema, value, `stream chunk from ${host}`);
    if (!sentMetadata && (chunk.responseId != null || chunk.modelVersion != null)) {
      sentMetadata = true;
      yield {
        type: 'response-metadata',
        id: chunk.responseId ?? undefined,
        modelId: chunk.modelVersion ?? undefined,
      };
    }
    // each chunk carries the usage so far; the last one is the whole call's
    if (chunk.usageMetadata != null) usage = chunk.usageMetadata;
    if (chunk.promptFeedback?.blockReason != null) blockReason = chunk.promptFeedback.blockReason;
    const candidate = chunk.candidates?.[0];
    for (const part of candidate?.content?.parts ?? []) {
      if (part.thought === true) continue;
      if (part.text != null && part.text !== '') yield { type: 'text-delta', delta: part.text };
      if (part.functionCall != null) {
        // Gemini streams a function call whole, in one part
        const index = toolCalls++;
        yield {
          type: 'tool-call-delta',
          index,
          id: part.functionCall.id ?? `call_${index}`,
          name: part.functionCall.name,
          argumentsDelta: JSON.stringify(part.functionCall.args ?? {}),
        };
      }
    }
    if (candidate?.finishReason != null) rawFinishReason = candidate.finishReason;
  }

  if (rawFinishReason === undefined && blockReason === undefined) {
    throw new YardstickError('E_STREAM_CUT', `stream ended before the model finished (${host})`, {
      retryable: true,
    });
  }
  yield {
    type: 'finish',
    finishReason: mapGoogleFinishReason(rawFinishReason, { hasToolCalls: toolCalls > 0, blockReason }),
    usage: mapGoogleUsage(usage),
  };
}
