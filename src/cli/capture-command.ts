// `yardstick capture`: traced requests become suite test cases, appended to a JSONL test file, so a bad answer
// seen in production is a regression case in the next eval (and the next qualification).

import {
  appendCases,
  type CaptureAssertions,
  conversationOf,
  isRefusal,
  parseExpect,
  toCase,
} from '../monitor/capture-trace.js';
import { YardstickError } from '../spec/errors.js';
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
    const assertions: CaptureAssertions = values['expect-from-output']
      ? { fromOutput: true }
      : { expect: expected };
    const cases = [];
    for (const traceId of positionals) {
      const traced = conversationOf(
        traceId,
        await stores.monitor.sample(traceId),
        await stores.traceQueries.trace(traceId),
      );
      if (isRefusal(traced)) throw new YardstickError('E_CONFIG', traced.message);
      cases.push(toCase(traced, assertions));
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
