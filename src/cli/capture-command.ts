// `yardstick capture`: traced requests become suite test cases, appended to a JSONL test file, so a bad answer
// seen in production is a regression case in the next eval (and the next qualification).

import { isAnthropicPath } from '../gateway/resolve-endpoint.js';
import {
  toCallOptions as fromAnthropic,
  messagesRequestSchema,
} from '../gateway/wire/anthropic-messages-request.js';
import { chatRequestSchema, toCallOptions as fromOpenAI } from '../gateway/wire/openai-chat-request.js';
import { appendCases, type TracedConversation, toCapturedCase } from '../monitor/captured-case.js';
import type { AssertionConfig } from '../spec/assertion.js';
import { YardstickError } from '../spec/errors.js';
import type { Message } from '../spec/messages.js';
import { parseExpected } from '../suite/parse-expected.js';
import { ExitCode } from './exit-codes.js';
import { parseArguments } from './parse-arguments.js';
import { chooseStore, openChosenStore, storeHelp, storeOptions } from './store-location.js';

const help = `usage: yardstick capture <trace-id>… --to tests/regressions.jsonl
                        [--expect 'contains:…' … | --expect-from-output] [--store URL]

Appends one suite test case per trace to the JSONL file: the whole conversation as the case's messages,
the id trace-<trace-id>, the route in vars, and the assertions given: --expect as in an __expected
column (contains:, starts-with:, regex:, equals:; not-contains: and the like invert), repeatable, or
--expect-from-output (the answer the trace got must come back). Without either the case is marked for
review. The file is only appended to; a trace already in it is skipped. The conversation comes from the
monitor's sample of the trace (redacted), else from the trace's captured body (routes with capture: true).
Include the file in a suite (tests: [{ file: tests/regressions.jsonl }]) and eval runs the cases.

  ${storeHelp}`;

/** `--expect` text to an assertion: an __expected cell, with a `not-` prefix for the inverted checks. */
const parseExpect = (text: string): AssertionConfig => {
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

export const captureCommand = async (argv: string[]): Promise<number> => {
  const { values, positionals } = parseArguments(
    argv,
    {
      to: { type: 'string' },
      expect: { type: 'string', multiple: true },
      'expect-from-output': { type: 'boolean' },
      ...storeOptions,
      help: { type: 'boolean', short: 'h' },
    },
    'capture',
  );
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return ExitCode.ok;
  }
  if (positionals.length === 0)
    throw new YardstickError(
      'E_CONFIG',
      'capture needs at least one trace id; `yardstick traces --failed` lists some',
    );
  if (!values.to)
    throw new YardstickError('E_CONFIG', 'capture needs --to <file.jsonl>, the test file to append to');
  if (!values.to.endsWith('.jsonl'))
    throw new YardstickError(
      'E_CONFIG',
      `--to ${values.to}: captured cases are JSON lines; name the file *.jsonl`,
    );
  if (values.expect && values['expect-from-output'])
    throw new YardstickError('E_CONFIG', 'give --expect or --expect-from-output, not both');
  const expected = (values.expect ?? []).map(parseExpect);
  const stores = await openChosenStore(chooseStore(values));
  try {
    const cases = [];
    for (const traceId of positionals) {
      const sample = await stores.monitor.sample(traceId);
      const trace = await stores.traceQueries.trace(traceId);
      let traced: TracedConversation;
      if (sample) {
        traced = { ...sample, output: sample.output };
      } else if (trace?.requestJson) {
        traced = {
          traceId,
          startedAt: trace.startedAt,
          route: trace.route,
          model: trace.provider && trace.model ? `${trace.provider}:${trace.model}` : null,
          messages: messagesOfBody(trace.endpoint, trace.requestJson),
          output: outputOfBody(trace.responseJson),
        };
      } else {
        throw new YardstickError(
          'E_CONFIG',
          trace
            ? `trace ${traceId} kept no conversation: a monitor did not sample it and its route does not capture bodies; set capture: true or monitor: on the route`
            : `no trace ${traceId} in the store; \`yardstick traces\` lists them`,
        );
      }
      let assert = expected;
      if (values['expect-from-output']) {
        if (traced.output === undefined)
          throw new YardstickError('E_CONFIG', `trace ${traceId} kept no answer to expect; use --expect`);
        assert = [{ type: 'equals', value: traced.output }];
      }
      cases.push(toCapturedCase(traced, assert));
    }
    const { appended, skipped } = await appendCases(values.to, cases);
    for (const id of skipped) process.stdout.write(`${id} is already in ${values.to}; left as it is\n`);
    if (appended.length > 0)
      process.stdout.write(
        `appended ${appended.length} case(s) to ${values.to}${expected.length === 0 && !values['expect-from-output'] ? ' (no assertions: marked for review)' : ''}\n`,
      );
    return ExitCode.ok;
  } finally {
    await stores.close();
  }
};
