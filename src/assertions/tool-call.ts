// `tool-call`: some tool call has the given name and, when `arguments` is given, matching arguments
// (every given key deep-equals by default; `exact: true` requires the whole object to be equal).
import type { AssertionConfig } from '../spec/assertion.js';
import type { ToolCall } from '../spec/messages.js';
import type { SyncAssertionHandler } from './assertion-context.js';
import { deepEqual } from './deep-equal.js';
import { parseJson } from './parse-json.js';

type ToolCallConfig = Extract<AssertionConfig, { type: 'tool-call' }>;

const maxArgumentsShown = 60;

const describeCall = (call: ToolCall): string => {
  const args =
    call.arguments.length > maxArgumentsShown
      ? `${call.arguments.slice(0, maxArgumentsShown)}…`
      : call.arguments;
  return `${call.name}(${args})`;
};

const argumentsMatch = (
  actual: unknown,
  expected: Record<string, unknown>,
  exact: boolean | undefined,
): boolean => {
  if (exact) return deepEqual(actual, expected);
  if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
  const record = actual as Record<string, unknown>;
  return Object.entries(expected).every(
    ([key, value]) => Object.hasOwn(record, key) && deepEqual(record[key], value),
  );
};

export const toolCall: SyncAssertionHandler<ToolCallConfig> = (config, context) => {
  const named = context.toolCalls.filter((call) => call.name === config.name);
  const got =
    context.toolCalls.length === 0 ? 'no tool calls' : context.toolCalls.map(describeCall).join(', ');
  if (named.length === 0) {
    return { pass: false, score: 0, reason: `expected a call to ${config.name}; got ${got}` };
  }
  const expected = config.arguments;
  if (expected === undefined) {
    return { pass: true, score: 1, reason: `called ${describeCall(named[0]!)}` };
  }
  const invalid: string[] = [];
  for (const call of named) {
    // Providers send "" for a call without arguments; that is an empty object, not invalid JSON.
    const parsed =
      call.arguments.trim() === '' ? { ok: true as const, value: {} } : parseJson(call.arguments);
    if (!parsed.ok) {
      invalid.push(`${config.name} arguments are not valid JSON: ${parsed.error}`);
      continue;
    }
    if (argumentsMatch(parsed.value, expected, config.exact))
      return { pass: true, score: 1, reason: `called ${describeCall(call)}` };
  }
  if (invalid.length === named.length) return { pass: false, score: 0, reason: invalid.join('; ') };
  const mode = config.exact ? 'exactly' : 'including';
  const reason = `expected a call to ${config.name} with arguments ${mode} ${JSON.stringify(expected)}; got ${got}`;
  return { pass: false, score: 0, reason };
};
