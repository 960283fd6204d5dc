// One row of a test file to a test entry: a full entry (has `vars` or `assert`) or vars with `__id`-style special keys.
import type { AssertionConfig } from '../spec/assertion.js';
import { findLongString, longStringMessage } from './find-long-string.js';
import { suggestionHint } from './find-suggestion.js';
import { parseExpected } from './parse-expected.js';
import type { SourceLocator } from './source-locator.js';
import { formatPath, type SuiteProblem } from './suite-problem.js';
import { type TestEntry, testEntrySchema } from './suite-schema.js';
import { describeValue, type Validation, validateWithSchema } from './validate-with-schema.js';

const specialKeys = ['__id', '__description', '__expected', '__threshold'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** Validates one row; `locator` places its problems at the row's file and line. */
export const rowToTestEntry = (row: unknown, locator: SourceLocator): Validation<TestEntry> => {
  const problem = (field: string, message: string): SuiteProblem => ({
    file: locator.file,
    ...locator.locate(field === 'row' ? [] : [field], 'key'),
    field,
    message,
  });
  if (!isRecord(row)) {
    const message = `expected an object of vars or a test entry, got ${describeValue(row)}`;
    return { ok: false, problems: [problem('row', message)] };
  }
  const long = findLongString(row);
  if (long !== undefined) {
    const field = long.path.length === 0 ? 'row' : formatPath(long.path, 'row');
    return {
      ok: false,
      problems: [
        { file: locator.file, ...locator.locate(long.path), field, message: longStringMessage(long) },
      ],
    };
  }
  if ('vars' in row || 'assert' in row || Array.isArray(row.messages))
    return validateWithSchema(testEntrySchema, row, locator);

  const problems: SuiteProblem[] = [];
  const vars: Record<string, unknown> = {};
  const assert: AssertionConfig[] = [];
  const entry: TestEntry = { vars, assert };
  for (const [key, value] of Object.entries(row)) {
    if (!key.startsWith('__')) {
      vars[key] = value;
    } else if (key === '__id' || key === '__description') {
      const given = text(value).trim();
      if (given !== '') entry[key === '__id' ? 'id' : 'description'] = given;
    } else if (key === '__expected') {
      const parsed = parseExpected(text(value));
      if (!parsed.ok) problems.push(problem(key, parsed.message));
      else if (parsed.assertion !== undefined) assert.push(parsed.assertion);
    } else if (key === '__threshold') {
      if (text(value).trim() === '') continue;
      const threshold = Number(value);
      if (Number.isFinite(threshold) && threshold >= 0 && threshold <= 1) entry.threshold = threshold;
      else problems.push(problem(key, `expected a number from 0 to 1, got ${describeValue(value)}`));
    } else {
      problems.push(problem(key, `unknown special column; ${suggestionHint(key, specialKeys)}`));
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: entry };
};
