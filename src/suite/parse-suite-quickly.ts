// The cheap way to read a large suite: the `tests:` block list is parsed a batch of items at a time, so the YAML
// library never holds a Document of the whole file (about 150 MB of nodes for 33,000 inline tests).
// It only serves suites that load cleanly: anything unusual returns undefined and the caller uses the full parse.
import { LineCounter } from 'yaml';
import { type BoundedDocument, parseBoundedYaml, toBoundedValue } from './parse-bounded-yaml.js';
import type { Position, SourceLocator } from './source-locator.js';

export interface QuickParse {
  data: Record<string, unknown>;
  /** Where each inline test starts, as the full parse would report it for `tests[i]`. */
  testPositions: Position[];
}

// Small batches: a batch's syntax tree lives until the batch is composed, and a tree that lives through two
// scavenges is promoted; at 50 items (a few KB of YAML) almost all of it dies young.
const itemsPerBatch = 50;

/** One line of the file, by offsets: slicing 200,000 lines into strings would cost more than it saves. */
interface Line {
  start: number;
  /** Index of the newline (or the end of the file). */
  end: number;
  /** Offset of the first character that is not a space. */
  text: number;
}

const lineAt = (content: string, start: number): Line => {
  const newline = content.indexOf('\n', start);
  const end = newline < 0 ? content.length : newline;
  let text = start;
  while (text < end && content.charCodeAt(text) === 32) text += 1;
  return { start, end, text };
};

const indentOf = (line: Line): number => line.text - line.start;
const isBlankOrComment = (content: string, line: Line): boolean =>
  line.text >= line.end || content[line.text] === '#' || content[line.text] === '\r';
const startsItem = (content: string, line: Line, indent: number): boolean =>
  indentOf(line) === indent &&
  content[line.text] === '-' &&
  (line.text + 1 >= line.end || /[ \t\r]/.test(content[line.text + 1] ?? ''));
const countLines = (content: string, from: number, to: number): number => {
  let count = 0;
  for (let at = content.indexOf('\n', from); at >= 0 && at < to; at = content.indexOf('\n', at + 1))
    count += 1;
  return count;
};

/**
 * The values, or undefined when the text has aliases: the limit on what aliases expand to counts the whole file
 * (and an anchor may sit in another batch), so a file with aliases takes the full parse.
 */
const toValues = (parsed: BoundedDocument): unknown => {
  if (parsed.aliases.length > 0) return undefined;
  const value = toBoundedValue(parsed);
  return value.ok ? value.value : undefined;
};

/** Parses one batch of items (a block sequence cut from the file) and records where each item starts. */
const parseBatch = (text: string, firstLine: number, positions: Position[]): unknown[] | undefined => {
  const lineCounter = new LineCounter();
  // the batch is the `tests:` list, one level below the top of the file, for the nesting limit
  const parsed = parseBoundedYaml(text, { lineCounter, uniqueKeys: true, outerDepth: 1 });
  if (!parsed.ok) return;
  const root = parsed.document.contents;
  if (parsed.document.errors.length > 0 || root === null || !('items' in root) || !Array.isArray(root.items))
    return;
  for (const item of root.items as Array<{ range?: [number, number, number] } | null>) {
    if (!item?.range) return;
    const { line, col } = lineCounter.linePos(item.range[0]);
    positions.push({ line: line + firstLine - 1, col });
  }
  const values = toValues(parsed);
  return Array.isArray(values) && values.length === root.items.length ? values : undefined;
};

/** Undefined unless the file is a block mapping with one block-list `tests:` that every batch parses cleanly. */
export const parseSuiteQuickly = (content: string): QuickParse | undefined => {
  if (/^(---|\.\.\.|%)/m.test(content)) return undefined; // several documents or directives: full parse
  const headers = [...content.matchAll(/^tests:[ \t]*(#.*)?\r?$/gm)];
  const header = headers[0];
  if (headers.length !== 1 || header?.index === undefined) return undefined;
  const blockStart = header.index + header[0].length + 1;

  const itemStarts: number[] = [];
  let indent = -1;
  let blockEnd = content.length;
  for (let start = blockStart; start < content.length; ) {
    const line = lineAt(content, start);
    start = line.end + 1;
    if (content[line.text] === '\t') return undefined; // tabs around indentation: leave it to the full parse
    if (isBlankOrComment(content, line)) continue;
    if (indent < 0) {
      indent = indentOf(line);
      if (!startsItem(content, line, indent)) return undefined;
    }
    if (startsItem(content, line, indent)) itemStarts.push(line.start);
    else if (indentOf(line) < indent || indentOf(line) === 0) {
      blockEnd = line.start;
      break;
    } else if (indentOf(line) === indent) return undefined;
  }
  if (itemStarts.length === 0) return undefined;

  const head = parseBoundedYaml(`${content.slice(0, header.index)}tests: []\n${content.slice(blockEnd)}`, {
    uniqueKeys: true,
  });
  const data = !head.ok || head.document.errors.length > 0 ? undefined : toValues(head);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;

  const tests: unknown[] = [];
  const testPositions: Position[] = [];
  let line = countLines(content, 0, itemStarts[0] ?? 0) + 1;
  for (let first = 0; first < itemStarts.length; first += itemsPerBatch) {
    const from = itemStarts[first] ?? 0;
    const to = itemStarts[first + itemsPerBatch] ?? blockEnd;
    const values = parseBatch(content.slice(from, to), line, testPositions);
    if (values === undefined) return undefined;
    for (const value of values) tests.push(value);
    line += countLines(content, from, to);
  }
  return { data: { ...data, tests }, testPositions };
};

/** Locates `tests[i]` exactly; anything else only matters for a problem, and problems send the caller to the full parse. */
export const createQuickLocator = (file: string, testPositions: readonly Position[]): SourceLocator => ({
  file,
  rootLabel: '(top level)',
  locate: (path) =>
    path.length === 2 && path[0] === 'tests' && typeof path[1] === 'number'
      ? (testPositions[path[1]] ?? { line: 1, col: 1 })
      : { line: 1, col: 1 },
});
