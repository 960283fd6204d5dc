// Checks that a benchmark run did the real work: every call made, every case passing, no errors.
import { readFile } from 'node:fs/promises';

export interface ResultCheck {
  results: number;
  passed: number;
  errors: number;
  ok: boolean;
}

interface RunJson {
  results: { pass: boolean; error: unknown }[];
}

const isRunJson = (value: unknown): value is RunJson =>
  typeof value === 'object' && value !== null && Array.isArray((value as { results?: unknown }).results);

/** Reads yardstick's `-o run.json` and counts results, passes and errors. */
export const checkYardstickRunJson = async (file: string, expected: number): Promise<ResultCheck> => {
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isRunJson(parsed)) throw new Error(`${file}: no results array`);
  const { results } = parsed;
  const passed = results.filter((result) => result.pass === true).length;
  const errors = results.filter((result) => result.error !== null).length;
  return { results: results.length, passed, errors, ok: results.length === expected && passed === expected };
};

/** Parses promptfoo's summary lines (`✓ 6,000 passed (100%)`, `0 errors (0%)`) from its stdout. */
export const checkPromptfooOutput = async (file: string, expected: number): Promise<ResultCheck> => {
  const text = await readFile(file, 'utf8');
  const count = (word: string): number => {
    const match = new RegExp(`([\\d,]+) ${word}`).exec(text);
    return match?.[1] === undefined ? 0 : Number(match[1].replaceAll(',', ''));
  };
  const passed = count('passed');
  const errors = count('errors?');
  const failed = count('failed');
  const results = passed + failed + errors;
  return { results, passed, errors, ok: passed === expected };
};
