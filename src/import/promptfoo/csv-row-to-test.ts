// A promptfoo CSV row to the test object promptfoo builds from it: vars from plain columns, `__expected`,
// `__expected1`… as assertions, `__description`, `__threshold`, `__metric`, `__config:__expectedN:threshold`, and
// `__prefix`, `__suffix`, `__metadata:*`, `__providerOutput` kept so the mapping can report them.
import { assertionFromCell } from './expected-cell.js';

const finiteNumber = (text: string): number | undefined => {
  const trimmed = text.trim();
  if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
};

export interface CsvTest {
  test: Record<string, unknown>;
  /** Column problems promptfoo refuses the file for (a bad `__config:` column). */
  problems: string[];
  /** The column of each assertion, in order. */
  assertColumns: string[];
}

export const csvRowToTest = (row: Record<string, string>): CsvTest => {
  const vars: Record<string, string> = {};
  const assert: Array<Record<string, unknown>> = [];
  const options: Record<string, string> = {};
  const metadata: Record<string, unknown> = {};
  const thresholds = new Map<number, number>();
  const problems: string[] = [];
  const assertColumns: string[] = [];
  const test: Record<string, unknown> = {};
  let metric: string | undefined;
  for (const [rawKey, value] of Object.entries(row)) {
    const key = rawKey.trim();
    if (key.startsWith('__expected')) {
      if (value.trim() !== '') {
        assert.push(assertionFromCell(value.trim()));
        assertColumns.push(key);
      }
    } else if (key === '__prefix' || key === '__suffix') options[key.slice(2)] = value;
    else if (key === '__description') test.description = value;
    else if (key === '__providerOutput') test.providerOutput = value;
    else if (key === '__metric') metric = value;
    else if (key === '__threshold') {
      const threshold = finiteNumber(value);
      if (threshold !== undefined) test.threshold = threshold;
    } else if (key.startsWith('__metadata:')) {
      if (value.trim() !== '') metadata[key.slice(11)] = value;
    } else if (key === '__metadata') continue;
    else if (key.startsWith('__config:')) {
      const match = /^__config:__expected(\d*):threshold$/.exec(key);
      const index = match?.[1] === '' ? 0 : Number(match?.[1]) - 1;
      const threshold = finiteNumber(value);
      if (!match || index < 0 || threshold === undefined) {
        problems.push(
          `column "${key}" with "${value}": write __config:__expected<N>:threshold with a number`,
        );
      } else thresholds.set(index, threshold);
    } else vars[key] = value;
  }
  assert.forEach((assertion, index) => {
    if (metric !== undefined) assertion.metric = metric;
    const threshold = thresholds.get(index);
    if (threshold !== undefined) assertion.threshold = threshold;
  });
  test.vars = vars;
  test.assert = assert;
  if (Object.keys(options).length > 0) test.options = options;
  if (Object.keys(metadata).length > 0) test.metadata = metadata;
  return { test, problems, assertColumns };
};
