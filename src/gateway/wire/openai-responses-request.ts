// A client's OpenAI Responses API request, as the gateway reads it: the schema (with the request limits), the one
// table of fields the gateway cannot honour, and the conversion of `instructions` and `input` items into the
// CallOptions every provider takes.
import { z } from 'zod';
import type { CallOptions } from '../../spec/language-model.js';
import type { Message, ToolCall } from '../../spec/messages.js';
import { atMost, requestLimits } from '../request-limits.js';
import { parseRequest, WireRequestError } from './parse-request.js';
import type { ItemReference } from './wire-protocol.js';

const part = z.looseObject({ type: z.string() });
const content = z.union([z.string(), z.array(part)]);

const messageItem = z.looseObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content,
});
const functionCallItem = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});
const functionCallOutputItem = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1),
  output: content,
});

const itemReference = z.looseObject({ type: z.literal('item_reference'), id: z.string().min(1) });

const functionTool = z.object({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

const textFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    name: z.string().min(1),
    schema: z.record(z.string(), z.unknown()),
    description: z.string().nullish(),
    strict: z.boolean().nullish(),
  }),
]);

const maxOutputTokens = z
  .int()
  .min(1)
  .max(requestLimits.maxTokens, `at most ${requestLimits.maxTokens} output tokens per request`);

export const responsesRequestSchema = z.object({
  model: z.string().min(1),
  input: z.union([
    z.string(),
    z
      .array(z.looseObject({ type: z.string().optional() }))
      .min(1)
      .max(requestLimits.messages, atMost(requestLimits.messages, 'input items')),
  ]),
  instructions: z.string().nullish(),
  tools: z
    .array(z.looseObject({ type: z.string() }))
    .max(requestLimits.tools, atMost(requestLimits.tools, 'tools'))
    .nullish(),
  tool_choice: z
    .union([
      // the object first: a string fails it on its type, so a wrong string is told about the strings
      z.object({
        type: z.literal(
          'function',
          'only function tool choices are supported ("auto", "none", "required" or a function)',
        ),
        name: z.string().min(1),
      }),
      z.enum(['auto', 'none', 'required']),
    ])
    .nullish(),
  text: z.object({ format: textFormat.nullish(), verbosity: z.string().nullish() }).nullish(),
  max_output_tokens: maxOutputTokens.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  reasoning: z
    .object({
      effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullish(),
      summary: z.string().nullish(),
      generate_summary: z.string().nullish(),
    })
    .nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  user: z.string().nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_obfuscation: z.boolean().nullish() }).nullish(),
});

export type OpenAIResponsesRequest = z.output<typeof responsesRequestSchema>;

/** A field the Responses API has and this gateway cannot honour, when `present` says the request uses it. */
interface Unsupported {
  present(value: unknown): boolean;
  why: string;
}

const set = (value: unknown): boolean => value !== undefined && value !== null;
const stateless =
  'this gateway keeps no responses or conversations: send the whole conversation in `input` each time';

/**
 * The one table of Responses API fields the gateway refuses with a 400 naming the field (a route-level
 * `dropUnsupported` would drop these instead). Fields at their default value are accepted.
 */
export const unsupportedFields: Record<string, Unsupported> = {
  store: { present: (value) => value === true, why: `${stateless}; leave \`store\` out or set it to false` },
  previous_response_id: { present: set, why: stateless },
  conversation: { present: set, why: stateless },
  background: {
    present: (value) => value === true,
    why: 'background responses are not supported; leave it out',
  },
  prompt: { present: set, why: 'stored prompt templates are not supported; send `instructions` and `input`' },
  include: {
    present: (value) => Array.isArray(value) && value.length > 0,
    why: 'no extra output data (logprobs, encrypted reasoning, tool sources) is available; leave it out',
  },
  truncation: { present: (value) => set(value) && value !== 'disabled', why: 'only "disabled" is supported' },
  service_tier: {
    present: (value) => set(value) && value !== 'auto' && value !== 'default',
    why: 'only "auto" and "default" are supported',
  },
  max_tool_calls: { present: set, why: 'not supported; limit tool calls in your own loop' },
  top_logprobs: { present: (value) => set(value) && value !== 0, why: 'logprobs are not supported' },
  prompt_cache_key: { present: set, why: 'provider prompt-cache hints are not supported; leave it out' },
  prompt_cache_retention: {
    present: set,
    why: 'provider prompt-cache hints are not supported; leave it out',
  },
  safety_identifier: { present: set, why: 'not supported; leave it out (`user` is accepted)' },
  'text.verbosity': { present: set, why: 'not supported; leave it out' },
  'reasoning.summary': { present: set, why: 'reasoning summaries are not supported; leave it out' },
  'reasoning.generate_summary': { present: set, why: 'reasoning summaries are not supported; leave it out' },
};

const known = new Set([...Object.keys(responsesRequestSchema.shape), ...Object.keys(unsupportedFields)]);

const valueAt = (json: Record<string, unknown>, path: string): unknown => {
  const [head, tail] = path.split('.', 2) as [string, string | undefined];
  const value = json[head];
  if (tail === undefined) return value;
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[tail] : undefined;
};

/** Throws a 400 naming the first field the request uses that the gateway cannot honour, or does not know. */
export const refuseUnsupported = (json: unknown): void => {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return;
  const body = json as Record<string, unknown>;
  for (const [path, field] of Object.entries(unsupportedFields)) {
    if (field.present(valueAt(body, path))) throw new WireRequestError(`${path}: ${field.why}`, path);
  }
  for (const name of Object.keys(body)) {
    if (!known.has(name)) {
      throw new WireRequestError(`${name}: unknown field for POST /v1/responses; leave it out`, name);
    }
  }
};

const textOf = (value: z.output<typeof content>, where: string): string => {
  if (typeof value === 'string') return value;
  return value
    .map((item, index) => {
      const at = `${where}.${index}`;
      if ((item.type === 'input_text' || item.type === 'output_text') && typeof item.text === 'string')
        return item.text;
      if (item.type === 'refusal' && typeof item.refusal === 'string') return item.refusal;
      throw new WireRequestError(
        `${at}.type: content parts of type "${item.type}" are not supported; send input_text or output_text`,
        `${at}.type`,
      );
    })
    .join('');
};

/** Appends function calls to the assistant turn they follow, or to a new one: the spec keeps them on the turn. */
const addToolCall = (messages: Message[], call: ToolCall): void => {
  const last = messages.at(-1);
  if (last?.role === 'assistant') last.toolCalls = [...(last.toolCalls ?? []), call];
  else messages.push({ role: 'assistant', content: '', toolCalls: [call] });
};

const convertItem = (
  messages: Message[],
  references: ItemReference[],
  item: { type?: string | undefined },
  where: string,
): void => {
  switch (item.type ?? 'message') {
    case 'message': {
      const message = parseRequest(messageItem, item, where);
      const text = textOf(message.content, `${where}.content`);
      messages.push({ role: message.role === 'developer' ? 'system' : message.role, content: text });
      return;
    }
    case 'function_call': {
      const call = parseRequest(functionCallItem, item, where);
      addToolCall(messages, { id: call.call_id, name: call.name, arguments: call.arguments });
      return;
    }
    case 'function_call_output': {
      const output = parseRequest(functionCallOutputItem, item, where);
      messages.push({
        role: 'tool',
        toolCallId: output.call_id,
        content: textOf(output.output, `${where}.output`),
      });
      return;
    }
    case 'reasoning':
      // earlier reasoning carried back by the client: nothing another provider can use
      return;
    case 'item_reference': {
      // filled in from the answers held for the caller's key (response-items.ts), once the key is known
      const reference = parseRequest(itemReference, item, where);
      const message = { role: 'assistant' as const, content: '' };
      messages.push(message);
      references.push({ id: reference.id, param: where, message });
      return;
    }
    default:
      throw new WireRequestError(
        `${where}.type: input items of type "${item.type}" are not supported; send messages, function_call and function_call_output items`,
        `${where}.type`,
      );
  }
};

const convertTools = (tools: NonNullable<OpenAIResponsesRequest['tools']>): CallOptions['tools'] =>
  tools.map((tool, index) => {
    const where = `tools.${index}`;
    if (tool.type !== 'function') {
      throw new WireRequestError(
        `${where}.type: built-in tools ("${tool.type}") are not supported; only function tools are`,
        `${where}.type`,
      );
    }
    const fn = parseRequest(functionTool, tool, where);
    return {
      name: fn.name,
      ...(fn.description ? { description: fn.description } : {}),
      parameters: fn.parameters ?? { type: 'object', properties: {} },
      ...(fn.strict != null ? { strict: fn.strict } : {}),
    };
  });

/** The call options, and the item references whose text is still to be filled in. */
export const toCallOptions = (
  request: OpenAIResponsesRequest,
): { options: CallOptions; references: ItemReference[] } => {
  const messages: Message[] = [];
  const references: ItemReference[] = [];
  if (request.instructions) messages.push({ role: 'system', content: request.instructions });
  if (typeof request.input === 'string') messages.push({ role: 'user', content: request.input });
  else {
    request.input.forEach((item, index) => {
      convertItem(messages, references, item, `input.${index}`);
    });
  }
  if (messages.length === 0)
    throw new WireRequestError('input: nothing to answer; send at least one message', 'input');
  const options: CallOptions = { messages };
  if (request.tools && request.tools.length > 0) options.tools = convertTools(request.tools);
  const choice = request.tool_choice;
  if (choice) options.toolChoice = typeof choice === 'string' ? choice : { name: choice.name };
  if (request.temperature != null) options.temperature = request.temperature;
  if (request.top_p != null) options.topP = request.top_p;
  if (request.max_output_tokens != null) options.maxTokens = request.max_output_tokens;
  const format = request.text?.format;
  if (format?.type === 'json_object') options.responseFormat = { type: 'json' };
  else if (format?.type === 'json_schema') {
    options.responseFormat = {
      type: 'json',
      schema: {
        name: format.name,
        schema: format.schema,
        ...(format.description != null ? { description: format.description } : {}),
        ...(format.strict != null ? { strict: format.strict } : {}),
      },
    };
  }
  if (request.reasoning?.effort != null) options.reasoningEffort = request.reasoning.effort;
  if (request.parallel_tool_calls != null && options.tools)
    options.parallelToolCalls = request.parallel_tool_calls;
  return { options, references };
};
