// Reads the rows of a test file (CSV, JSONL, JSON array or YAML list), each validated and tagged with its file and line.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isSeq, LineCounter } from 'yaml';
import { parseBoundedYaml, toBoundedValue } from './parse-bounded-yaml.js';
import { createLineLocator, createYamlLocator, type SourceLocator } from './source-locator.js';
import type { SuiteProblem } from './suite-problem.js';
import type { TestEntry } from './suite-schema.js';
import { rowToTestEntry } from './vars-row-to-test.js';

export interface TestRow {
  entry: TestEntry;
  file: string;
  line: number;
  col: number;
  /** How problems with the whole row name it: `tests[3]` inline, `row` in a test file. */
  field: string;
}

export interface LoadedRows {
  rows: TestRow[];
  problems: SuiteProblem[];
}

export const testFileExtensions = ['.csv', '.jsonl', '.json', '.yaml', '.yml'];

const fileProblem = (
  file: string,
  line: number,
  col: number,
  message: string,
  field = 'file',
): SuiteProblem => ({
  file,
  line,
  col,
  field,
  message,
});

const collect = (loaded: LoadedRows, row: unknown, locator: SourceLocator): void => {
  const result = rowToTestEntry(row, locator);
  const { line, col } = locator.locate([]);
  if (result.ok) loaded.rows.push({ entry: result.value, file: locator.file, line, col, field: 'row' });
  else loaded.problems.push(...result.problems);
};

const loadCsv = async (file: string, content: Buffer, loaded: LoadedRows): Promise<void> => {
  // loaded here, not at startup: only suites with CSV tests need the parser
  const { parse: parseCsv } = await import('csv-parse/sync');
  let records: { record: Record<string, string>; raw: string; info: { lines: number } }[];
  try {
    records = parseCsv(content, { columns: true, info: true, raw: true, skip_empty_lines: true, bom: true });
  } catch (error) {
    const lines: unknown = error instanceof Error && 'lines' in error ? error.lines : undefined;
    const line = typeof lines === 'number' ? lines : 1;
    const reason = error instanceof Error ? error.message : String(error);
    loaded.problems.push(
      fileProblem(file, line, 1, `invalid CSV: ${reason}; quote cells that hold commas or newlines`),
    );
    return;
  }
  for (const { record, raw, info } of records) {
    const innerNewlines = raw.replace(/^[\r\n]+|[\r\n]+$/g, '').split('\n').length - 1;
    collect(loaded, record, createLineLocator(file, info.lines - innerNewlines));
  }
};

const loadJsonLines = (file: string, content: string, loaded: LoadedRows): void => {
  for (const [index, text] of content.split('\n').entries()) {
    if (text.trim() === '') continue;
    const lineCounter = new LineCounter();
    const problemAt = (offset: number, message: string): SuiteProblem =>
      fileProblem(file, index + 1, lineCounter.linePos(offset).col, message, 'row');
    const parsed = parseBoundedYaml(text, { lineCounter });
    if (!parsed.ok) {
      loaded.problems.push(problemAt(parsed.offset, parsed.message));
      continue;
    }
    const { document } = parsed;
    const syntax = document.errors[0];
    if (syntax !== undefined) {
      const message = `invalid JSON: ${syntax.message.split('\n')[0]}; write one JSON object per line`;
      loaded.problems.push(problemAt(syntax.pos[0], message));
      continue;
    }
    const value = toBoundedValue(parsed);
    if (!value.ok) {
      loaded.problems.push(problemAt(value.offset, value.message));
      continue;
    }
    const locator = createYamlLocator(file, document, lineCounter, { lineOffset: index, rootLabel: 'row' });
    collect(loaded, value.value, locator);
  }
};

const loadYamlList = (file: string, content: string, loaded: LoadedRows): void => {
  const lineCounter = new LineCounter();
  const problemAt = (offset: number, message: string): SuiteProblem => {
    const { line, col } = lineCounter.linePos(offset);
    return fileProblem(file, line, col, message);
  };
  const parsed = parseBoundedYaml(content, { lineCounter });
  if (!parsed.ok) {
    loaded.problems.push(problemAt(parsed.offset, parsed.message));
    return;
  }
  const { document } = parsed;
  for (const syntax of document.errors.slice(0, 10)) {
    loaded.problems.push(problemAt(syntax.pos[0], `invalid syntax: ${syntax.message.split('\n')[0]}`));
  }
  if (document.errors.length > 0) return;
  if (!isSeq(document.contents)) {
    loaded.problems.push(fileProblem(file, 1, 1, 'expected a list of tests; write one item per test'));
    return;
  }
  const value = toBoundedValue(parsed);
  if (!value.ok) {
    loaded.problems.push(problemAt(value.offset, value.message));
    return;
  }
  const rows = value.value;
  if (!Array.isArray(rows)) return;
  for (const [index, row] of rows.entries()) {
    collect(
      loaded,
      row,
      createYamlLocator(file, document, lineCounter, { basePath: [index], rootLabel: 'row' }),
    );
  }
};

/** Reads `file` (absolute) by its extension; the caller checks that it exists and has a known extension. */
export const loadTestFile = async (file: string): Promise<LoadedRows> => {
  const loaded: LoadedRows = { rows: [], problems: [] };
  const content = await readFile(file);
  const extension = path.extname(file).toLowerCase();
  if (extension === '.csv') await loadCsv(file, content, loaded);
  else if (extension === '.jsonl') loadJsonLines(file, content.toString('utf8'), loaded);
  else loadYamlList(file, content.toString('utf8'), loaded);
  return loaded;
};
