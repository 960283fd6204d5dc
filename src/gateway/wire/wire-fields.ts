// The one table of request fields the gateway passes, maps or refuses, per client wire format and per target
// format. A target of the client's own format gets every field: the ones the common call models rebuilt from
// it, the others (known or not) as the client sent them, through the call's extras. A target of another format
// gets what the common call carries; a field it cannot take is refused with a 400 naming it, or dropped (and
// traced) on a route with `dropUnsupported: true`. docs/gateway.md shows this table.
import { fieldsOutside, type RequestExtras, type WireFormatId } from '../../spec/extra-fields.js';
import type { CallOptions } from '../../spec/language-model.js';

/** The format a target speaks for an operation; `other` for providers with their own API (Google, Bedrock). */
export type TargetFormat = WireFormatId | 'other';

/** How a field reaches a target of another format: what it becomes there, or refused. */
export type Passage = string | 'refused';

export interface FieldRow {
  /** The common call's option the field is read into; cleared when the field is dropped for a target. */
  option?: keyof CallOptions;
  /** Values that ask for nothing (the API's own default): no target refuses them. */
  noOp?: readonly unknown[];
  /** What the field becomes at a target of each other format; a format left out refuses it. */
  to: Partial<Record<TargetFormat, Passage>>;
}

const everywhere = (option: keyof CallOptions | undefined, what: string): FieldRow => ({
  ...(option ? { option } : {}),
  to: { 'openai-chat': what, 'anthropic-messages': what, other: what },
});

const onlySameFormat = (noOp?: readonly unknown[]): FieldRow => ({ ...(noOp ? { noOp } : {}), to: {} });

/** Rows keyed by field path in the client's body (`a.b` for a nested field); a top-level field without a row is sent only to its own format. */
export const wireFields: Record<WireFormatId, Record<string, FieldRow>> = {
  'openai-chat': {
    model: everywhere(undefined, 'the target’s model'),
    messages: everywhere('messages', 'messages (and system)'),
    tools: everywhere('tools', 'tools'),
    tool_choice: everywhere('toolChoice', 'tool_choice'),
    temperature: everywhere('temperature', 'temperature'),
    top_p: everywhere('topP', 'top_p'),
    max_tokens: everywhere('maxTokens', 'max_tokens'),
    max_completion_tokens: everywhere('maxTokens', 'max_tokens'),
    stop: everywhere('stop', 'stop_sequences'),
    n: everywhere(undefined, 'one choice (n must be 1)'),
    stream: everywhere(undefined, 'stream'),
    stream_options: everywhere(undefined, 'usage in the stream'),
    seed: { option: 'seed', to: { other: 'Google’s seed (Bedrock refuses it)' } },
    response_format: {
      option: 'responseFormat',
      noOp: [{ type: 'text' }],
      to: { other: 'Google’s JSON mode (Bedrock refuses it)' },
    },
    user: { option: 'user', to: { 'anthropic-messages': 'metadata.user_id' } },
    parallel_tool_calls: {
      option: 'parallelToolCalls',
      noOp: [true],
      to: { 'anthropic-messages': 'tool_choice.disable_parallel_tool_use' },
    },
    logprobs: onlySameFormat([false]),
    top_logprobs: onlySameFormat(),
    reasoning_effort: onlySameFormat(),
    service_tier: onlySameFormat(),
    metadata: onlySameFormat(),
    prediction: onlySameFormat(),
    frequency_penalty: onlySameFormat([0]),
    presence_penalty: onlySameFormat([0]),
    logit_bias: onlySameFormat(),
    store: onlySameFormat([false]),
  },
  // No upstream is called with the Responses API: every target gets the common call, in its own format.
  'openai-responses': {
    model: everywhere(undefined, 'the target’s model'),
    input: everywhere('messages', 'messages'),
    instructions: everywhere('messages', 'a system message'),
    tools: everywhere('tools', 'tools'),
    tool_choice: everywhere('toolChoice', 'tool_choice'),
    text: everywhere(undefined, 'see text.format'),
    'text.format': {
      option: 'responseFormat',
      noOp: [{ type: 'text' }],
      to: { 'openai-chat': 'response_format', other: 'Google’s JSON mode (Bedrock refuses it)' },
    },
    max_output_tokens: everywhere('maxTokens', 'max_tokens'),
    temperature: everywhere('temperature', 'temperature'),
    top_p: everywhere('topP', 'top_p'),
    reasoning: everywhere(undefined, 'see reasoning.effort'),
    'reasoning.effort': { option: 'reasoningEffort', to: { 'openai-chat': 'reasoning_effort' } },
    parallel_tool_calls: {
      option: 'parallelToolCalls',
      noOp: [true],
      to: {
        'openai-chat': 'parallel_tool_calls',
        'anthropic-messages': 'tool_choice.disable_parallel_tool_use',
      },
    },
    user: { option: 'user', to: { 'openai-chat': 'user', 'anthropic-messages': 'metadata.user_id' } },
    metadata: everywhere(undefined, 'echoed in the answer, not sent upstream'),
    stream: everywhere(undefined, 'stream'),
    stream_options: everywhere(undefined, 'stream'),
    // accepted at parse only with the value that asks for nothing (the table of 400s in docs/gateway.md)
    store: everywhere(undefined, 'nothing (only false)'),
    background: everywhere(undefined, 'nothing (only false)'),
    include: everywhere(undefined, 'nothing (only [])'),
    truncation: everywhere(undefined, 'nothing (only disabled)'),
    service_tier: everywhere(undefined, 'nothing (only auto or default)'),
    top_logprobs: everywhere(undefined, 'nothing (only 0)'),
  },
  'anthropic-messages': {
    model: everywhere(undefined, 'the target’s model'),
    max_tokens: everywhere('maxTokens', 'max_tokens'),
    messages: everywhere('messages', 'messages'),
    system: everywhere('messages', 'a system message'),
    tools: everywhere('tools', 'tools'),
    tool_choice: everywhere('toolChoice', 'tool_choice'),
    temperature: everywhere('temperature', 'temperature'),
    top_p: everywhere('topP', 'top_p'),
    stop_sequences: everywhere('stop', 'stop'),
    stream: everywhere(undefined, 'stream'),
    metadata: { option: 'user', noOp: [{}], to: { 'openai-chat': 'user (from metadata.user_id)' } },
    'tool_choice.disable_parallel_tool_use': {
      option: 'parallelToolCalls',
      noOp: [false],
      to: { 'openai-chat': 'parallel_tool_calls: false' },
    },
    thinking: onlySameFormat([{ type: 'disabled' }]),
    top_k: onlySameFormat(),
    service_tier: onlySameFormat(['auto']),
  },
  'openai-embeddings': {
    model: everywhere(undefined, 'the target’s model'),
    input: everywhere(undefined, 'the texts'),
    encoding_format: everywhere(undefined, 'float or base64, encoded by the gateway'),
    dimensions: onlySameFormat(),
    user: onlySameFormat(),
  },
};

const modelledIn = (format: WireFormatId): ReadonlySet<string> =>
  new Set(
    Object.entries(wireFields[format])
      .filter(
        ([path, row]) => !path.includes('.') && (row.option !== undefined || Object.keys(row.to).length > 0),
      )
      .map(([path]) => path),
  );

/** The top-level fields each format's common call models; the rest of a body goes to the call's extras. */
export const modelledFields: Record<WireFormatId, ReadonlySet<string>> = {
  'openai-chat': modelledIn('openai-chat'),
  'openai-responses': modelledIn('openai-responses'),
  'anthropic-messages': modelledIn('anthropic-messages'),
  'openai-embeddings': modelledIn('openai-embeddings'),
};

/** A request's extras: its top-level fields the common call does not model, as sent; undefined when none. */
export const requestExtras = (format: WireFormatId, body: unknown): RequestExtras | undefined => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const fields = fieldsOutside(body as Record<string, unknown>, modelledFields[format]);
  return fields ? { format, fields } : undefined;
};

const valueAt = (body: Record<string, unknown>, path: string): unknown => {
  let value: unknown = body;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
};

const isNoOp = (row: FieldRow | undefined, value: unknown): boolean => {
  if (!row?.noOp) return false;
  const text = JSON.stringify(value);
  return row.noOp.some((noOp) => JSON.stringify(noOp) === text);
};

export interface RefusedField {
  /** The field's path in the client's body, e.g. `logprobs` or `tool_choice.disable_parallel_tool_use`. */
  field: string;
  /** The common call's option it was read into, if any. */
  option: keyof CallOptions | undefined;
}

/**
 * The fields of `body` (a `format` request) that a target of `target` format cannot take: every field it sent
 * (not null, not a no-op value) whose row does not reach that format, every field without a row, and every
 * field read into an option the target's provider has no place for (`cannotTake`, e.g. Bedrock's seed).
 */
export const refusedFields = (
  format: WireFormatId,
  body: Record<string, unknown>,
  target: TargetFormat,
  cannotTake: readonly (keyof CallOptions)[] = [],
): RefusedField[] => {
  if (target === format) return [];
  const rows = wireFields[format];
  const refused: RefusedField[] = [];
  const check = (field: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    const row = Object.hasOwn(rows, field) ? rows[field] : undefined;
    if (isNoOp(row, value)) return;
    const passage = row?.to[target];
    const noPlace = row?.option !== undefined && cannotTake.includes(row.option);
    if (passage === undefined || passage === 'refused' || noPlace)
      refused.push({ field, option: row?.option });
  };
  for (const field of Object.keys(body)) check(field, body[field]);
  for (const path of Object.keys(rows)) if (path.includes('.')) check(path, valueAt(body, path));
  return refused;
};
