// `is-json`: the output parses as JSON as it stands (a fenced block does not count, but the reason says so).
import type { AssertionConfig } from '../spec/assertion.js';
import type { SyncAssertionHandler } from './assertion-context.js';
import { hasCodeFence, parseJson } from './parse-json.js';

export const isJson: SyncAssertionHandler<Extract<AssertionConfig, { type: 'is-json' }>> = (
  _config,
  context,
) => {
  const parsed = parseJson(context.output);
  if (parsed.ok) return { pass: true, score: 1, reason: 'output is valid JSON' };
  const fence = hasCodeFence(context.output) ? ' (output is wrapped in a ``` fence)' : '';
  return { pass: false, score: 0, reason: `output is not valid JSON: ${parsed.error}${fence}` };
};
