// Capture, the part `yardstick capture` and the UI's "capture as regression case" share: a traced request's
// conversation (the monitor's redacted sample, else the captured body), the assertions asked for, and the case
// appended to the JSONL test file. Refusals say which: no such trace, or a trace that kept no conversation.
import { isAnthropicPath } from '../gateway/resolve-endpoint.js';
import {
  toCallOptions as fromAnthropic,
  messagesRequestSchema,
} from '../gateway/wire/anthropic-messages-request.js';
import { chatRequestSchema, toCallOptions as fromOpenAI } from '../gateway/wire/openai-chat-request.js';
import type { AssertionConfig } from '../spec/assertion.js';
import { YardstickError } from '../spec/errors.js';
import type { Message } from '../spec/messages.js';
import type { TraceRow } from '../store/contract/gateway-store.js';
import type { MonitorSampleRow } from '../store/contract/monitor-store.js';
import { parseExpected } from '../suite/parse-expected.js';
import type { TestEntry } from '../suite/suite-schema.js';
import { appendCases, type TracedConversation, toCapturedCase } from './captured-case.js';

/** `--expect` text to an assertion: an __expected cell, with a `not-` prefix for the inverted checks. */
export const parseExpect = (text: string): AssertionConfig => {
  const inverted = /^not-(contains|starts-with|regex|equals)\s*:/.test(text);
  const cell = (inverted ? text.slice('not-'.length) : text).replace(
    /^([a-z-]+:\s?)(["'])([\s\S]*)\2$/,
    '$1$3',
  );
  if (!/^(contains|starts-with|regex|equals)\s*:/.test(cell)) {
    throw new YardstickError(
      'E_CONFIG',
      `--expect ${JSON.stringify(text)}: write kind:text, e.g. contains:"two bags" or not-contains:"not sure" (kinds: contains, starts-with, regex, equals)`,
    );
  }
  const parsed = parseExpected(cell);
  if (!parsed.ok) throw new YardstickError('E_CONFIG', `--expect ${JSON.stringify(text)}: ${parsed.message}`);
  const assertion = parsed.assertion as AssertionConfig;
  return inverted ? { ...assertion, not: true } : assertion;
};

/** The conversation of a trace's captured request body, in the wire format of its endpoint. */
const messagesOfBody = (endpoint: string, body: string): Message[] => {
  const json: unknown = JSON.parse(body);
  if (isAnthropicPath(endpoint)) return fromAnthropic(messagesRequestSchema.parse(json)).messages;
  return fromOpenAI(chatRequestSchema.parse(json)).messages;
};

/** The answer text of a captured OpenAI or Anthropic response body, when there is one. */
const outputOfBody = (body: string | null): string | undefined => {
  if (body === null) return undefined;
  try {
    const json = JSON.parse(body) as {
      choices?: Array<{ message?: { content?: unknown } }>;
      content?: Array<{ type?: unknown; text?: unknown }>;
    };
    const chat = json.choices?.[0]?.message?.content;
    if (typeof chat === 'string') return chat;
    const blocks = json.content?.filter((block) => block.type === 'text').map((block) => String(block.text));
    return blocks && blocks.length > 0 ? blocks.join('') : undefined;
  } catch {
    return undefined;
  }
};

export type CaptureRefusal =
  | { reason: 'no-trace'; message: string }
  | { reason: 'no-conversation'; message: string };

/** The conversation a trace kept, or why there is none. */
export const conversationOf = (
  traceId: string,
  sample: MonitorSampleRow | undefined,
  trace: TraceRow | undefined,
): TracedConversation | CaptureRefusal => {
  if (sample) return { ...sample, output: sample.output };
  if (trace?.requestJson)
    return {
      traceId,
      startedAt: trace.startedAt,
      route: trace.route,
      model: trace.provider && trace.model ? `${trace.provider}:${trace.model}` : null,
      messages: messagesOfBody(trace.endpoint, trace.requestJson),
      output: outputOfBody(trace.responseJson),
    };
  return trace
    ? {
        reason: 'no-conversation',
        message: `trace ${traceId} kept no conversation: a monitor did not sample it and its route does not capture bodies; set capture: true or monitor: on the route`,
      }
    : { reason: 'no-trace', message: `no trace ${traceId} in the store; \`yardstick traces\` lists them` };
};

export const isRefusal = (value: TracedConversation | CaptureRefusal): value is CaptureRefusal =>
  'reason' in value;

/** What a captured case asserts: the checks given, or the answer the trace got; none marks it for review. */
export type CaptureAssertions = { expect: AssertionConfig[] } | { fromOutput: true };

/** The case of one conversation. @throws YardstickError E_CONFIG when the answer is asked for and none was kept. */
export const toCase = (traced: TracedConversation, assertions: CaptureAssertions): TestEntry => {
  if ('fromOutput' in assertions) {
    if (traced.output === undefined)
      throw new YardstickError('E_CONFIG', `trace ${traced.traceId} kept no answer to expect; use --expect`);
    return toCapturedCase(traced, [{ type: 'equals', value: traced.output }]);
  }
  return toCapturedCase(traced, assertions.expect);
};

export { appendCases };
