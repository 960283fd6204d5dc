// The "extra fields" channel: what a client's request or an upstream's response carried in its own wire format
// that the common call and result do not model. A provider whose requests are in that format sends the request's
// extras as they are; a client on the same format gets the response's extras back. No other format sees them.

/** A wire format of requests and responses, as a client or an upstream speaks it. */
export type WireFormatId = 'openai-chat' | 'openai-responses' | 'anthropic-messages' | 'openai-embeddings';

/** Top-level request fields outside the common call, exactly as the client sent them (values untouched). */
export interface RequestExtras {
  format: WireFormatId;
  fields: Record<string, unknown>;
}

/** An assistant turn's content blocks the common message does not model (Anthropic `thinking`), at their place. */
export interface MessageExtras {
  format: 'anthropic-messages';
  blocks: { index: number; block: Record<string, unknown> }[];
}

/** A whole response's fields outside the common result, by where they sat. */
export type ResponseExtras =
  | {
      format: 'openai-chat';
      /** Beside `id`, `model`, `choices`: e.g. `system_fingerprint`, `service_tier`. */
      response: Record<string, unknown>;
      /** In the first choice: e.g. `logprobs`. */
      choice: Record<string, unknown>;
      /** In the first choice's message: e.g. `refusal`, `annotations`, `reasoning_content`. */
      message: Record<string, unknown>;
    }
  | {
      format: 'anthropic-messages';
      /** Beside `id`, `model`, `content`: e.g. `stop_sequence`, `container`. */
      response: Record<string, unknown>;
      /** Content blocks other than text and tool_use (e.g. `thinking`), at their place in `content`. */
      blocks: { index: number; block: Record<string, unknown> }[];
    };

/** What one upstream stream chunk or event carried beyond the stream parts made of it; null values left out. */
export type StreamExtras =
  | {
      format: 'openai-chat';
      /** Chunk-level fields, e.g. `system_fingerprint`; they hold for the chunks that follow. */
      chunk: Record<string, unknown>;
      /** Fields of the chunk's choice (e.g. `logprobs`) and of its delta (e.g. `reasoning_content`). */
      choice: Record<string, unknown>;
      delta: Record<string, unknown>;
    }
  | {
      format: 'anthropic-messages';
      /** A `content_block_start`, `_delta` or `_stop` event of a block other than text and tool_use. */
      event: Record<string, unknown>;
    };

/** The keys of `value` that are not in `known`, with their values; undefined when there are none. */
export const fieldsOutside = (
  value: Record<string, unknown>,
  known: ReadonlySet<string>,
  skipNull = false,
): Record<string, unknown> | undefined => {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    if (known.has(key)) continue;
    const field = value[key];
    if (field === undefined || (skipNull && field === null)) continue;
    out ??= {};
    // a field named `__proto__` is defined, not assigned, so it stays a field, as JSON.parse made it; every other
    // field is assigned, which keeps `out` a fast object (defineProperty would make it a slow one, on every answer)
    if (key === '__proto__') {
      Object.defineProperty(out, key, { value: field, enumerable: true, writable: true, configurable: true });
    } else out[key] = field;
  }
  return out;
};
