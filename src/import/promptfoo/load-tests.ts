// promptfoo `tests` as test objects with the place each came from: inline entries, and `file://` CSV (rows read
// by promptfoo's column conventions), JSON, JSONL and YAML files. Generators (JS, Python), globs, spreadsheets and
// remote datasets are reported and left out.
import path from 'node:path';
import { LineCounter } from 'yaml';
import { parseBoundedYaml, toBoundedValue } from '../../suite/parse-bounded-yaml.js';
import { createLineLocator, createYamlLocator } from '../../suite/source-locator.js';
import { describeValue } from '../../suite/validate-with-schema.js';
import { csvRowToTest } from './csv-row-to-test.js';
import {
  type ImportContext,
  readReferencedData,
  readReferencedText,
  resolveReference,
} from './import-context.js';
import { childPlace, type Place } from './import-notes.js';

export interface RawTest {
  test: Record<string, unknown>;
  place: Place;
  /** Folder that relative paths inside the test resolve against. */
  baseDir: string;
  /** For a CSV row, the column each assertion came from (`__expected2`), to name it in notes. */
  assertFields?: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const fromCsv = async (file: string, place: Place, context: ImportContext, out: RawTest[]): Promise<void> => {
  const content = readReferencedText(context, place, file);
  if (content === undefined) return;
  const { parse } = await import('csv-parse/sync');
  type Row = { record: Record<string, string>; raw: string; info: { lines: number } };
  const read = (relaxQuotes: boolean): Row[] =>
    parse(content, { columns: true, bom: true, info: true, raw: true, relax_quotes: relaxQuotes });
  let rows: Row[];
  try {
    try {
      rows = read(false);
    } catch {
      rows = read(true);
    }
  } catch (error) {
    const lines: unknown = error instanceof Error && 'lines' in error ? error.lines : undefined;
    const reason = error instanceof Error ? error.message : String(error);
    const at = { locator: createLineLocator(file, typeof lines === 'number' ? lines : 1, 'file'), path: [] };
    context.problem(at, `invalid CSV: ${reason}`);
    return;
  }
  for (const { record, raw, info } of rows) {
    const line = info.lines - (raw.replace(/^[\r\n]+|[\r\n]+$/g, '').split('\n').length - 1);
    const rowPlace = { locator: createLineLocator(file, line, 'row'), path: [] };
    const { test, problems, assertColumns } = csvRowToTest(record);
    for (const problem of problems) context.problem(rowPlace, problem);
    out.push({ test, place: rowPlace, baseDir: path.dirname(file), assertFields: assertColumns });
  }
};

const fromJsonLines = (file: string, place: Place, context: ImportContext, out: RawTest[]): void => {
  const content = readReferencedText(context, place, file);
  if (content === undefined) return;
  for (const [index, line] of content.split('\n').entries()) {
    if (line.trim() === '') continue;
    const lineCounter = new LineCounter();
    const parsed = parseBoundedYaml(line, { lineCounter });
    const value = parsed.ok && parsed.document.errors.length === 0 ? toBoundedValue(parsed) : undefined;
    const locator = parsed.ok
      ? createYamlLocator(file, parsed.document, lineCounter, { lineOffset: index, rootLabel: 'line' })
      : createLineLocator(file, index + 1, 'line');
    if (!value?.ok) context.problem({ locator, path: [] }, 'invalid JSON; write one JSON object per line');
    else addTest(value.value, { locator, path: [] }, path.dirname(file), context, out);
  }
};

const addTest = (
  value: unknown,
  place: Place,
  baseDir: string,
  context: ImportContext,
  out: RawTest[],
): void => {
  if (isRecord(value)) out.push({ test: value, place, baseDir });
  else context.problem(place, `expected a test object, got ${describeValue(value)}`);
};

const fromReference = async (
  reference: string,
  place: Place,
  baseDir: string,
  context: ImportContext,
  out: RawTest[],
) => {
  const file = reference.replace(/^file:\/\//, '');
  const extension = path.extname(file.split('#')[0] ?? '').toLowerCase();
  if (/^(https?|huggingface|hf|az):\/\//.test(file)) {
    context.notes.leftOut(place, 'remote test datasets are not fetched; download the file and import again');
    return;
  }
  if (/[*?[\]{}]/.test(file)) {
    context.notes.leftOut(place, 'glob patterns for test files are not expanded; list the files');
    return;
  }
  if (['.js', '.mjs', '.cjs', '.ts', '.py'].includes(extension) || /\.(m|c)?[jt]s:|\.py:/.test(file)) {
    context.notes.leftOut(
      place,
      `test generator ${reference} has no yardstick equivalent; write its output to a JSON file`,
    );
    return;
  }
  const absolute = resolveReference(file, baseDir);
  if (extension === '.csv') return fromCsv(absolute, place, context, out);
  if (extension === '.jsonl') return fromJsonLines(absolute, place, context, out);
  if (!['.json', '.yaml', '.yml'].includes(extension)) {
    context.notes.leftOut(place, `test file type "${extension || reference}" has no yardstick equivalent`);
    return;
  }
  const loaded = readReferencedData(context, place, absolute);
  if (!loaded) return;
  const root = { locator: loaded.locator, path: [] };
  const items = Array.isArray(loaded.data) ? loaded.data : [loaded.data];
  for (const [index, item] of items.entries()) {
    const at = Array.isArray(loaded.data) ? childPlace(root, index) : root;
    addTest(item, at, path.dirname(absolute), context, out);
  }
};

/** Every test object, in promptfoo's order; a config without tests has one empty test, as in promptfoo. */
export const loadTests = async (value: unknown, place: Place, context: ImportContext): Promise<RawTest[]> => {
  const out: RawTest[] = [];
  const entries = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const entryPlace = (index: number) => (Array.isArray(value) ? childPlace(place, index) : place);
  for (const [index, entry] of entries.entries()) {
    if (typeof entry === 'string')
      await fromReference(entry, entryPlace(index), context.configDir, context, out);
    else if (isRecord(entry) && typeof entry.path === 'string' && !('vars' in entry) && !('assert' in entry))
      context.notes.leftOut(entryPlace(index), `test generator ${entry.path} has no yardstick equivalent`);
    else addTest(entry, entryPlace(index), context.configDir, context, out);
  }
  if (out.length === 0 && entries.length === 0) out.push({ test: {}, place, baseDir: context.configDir });
  return out;
};
