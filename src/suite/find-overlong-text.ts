// Refuses a string over the size limit before the YAML parser sees it: the parser needs seconds and gigabytes
// for one 50 MB scalar. A YAML or JSONL line longer than the limit can only hold such a string (or a flow
// collection nobody writes by hand); a JSON file, which may be minified, is checked with the native parser.
import { limits } from '../spec/limits.js';
import { findLongString, longStringMessage } from './find-long-string.js';
import { formatPath, type SuiteProblem } from './suite-problem.js';

const positionOf = (content: string, offset: number): { line: number; col: number } => {
  let line = 1;
  let lineStart = 0;
  for (let at = content.indexOf('\n'); at >= 0 && at < offset; at = content.indexOf('\n', at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  return { line, col: offset - lineStart + 1 };
};

const findInJson = (file: string, content: string): SuiteProblem | undefined => {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch {
    return undefined; // not JSON after all: the YAML parser reports what is wrong, with its position
  }
  const long = findLongString(data);
  if (long === undefined) return undefined;
  // the string's first characters, JSON-escaped as the file has them, find where it starts
  const offset = Math.max(0, content.indexOf(JSON.stringify(long.head).slice(0, -1)));
  return {
    file,
    ...positionOf(content, offset),
    field: formatPath(long.path),
    message: longStringMessage(long),
  };
};

/** A problem for the first string (or line) over the limit in a suite or test file's text, or undefined. */
export const findOverlongText = (file: string, content: string): SuiteProblem | undefined => {
  if (content.length <= limits.maxStringChars) return undefined;
  if (file.toLowerCase().endsWith('.json')) return findInJson(file, content);
  let line = 1;
  for (let start = 0; start < content.length; line += 1) {
    const newline = content.indexOf('\n', start);
    const end = newline < 0 ? content.length : newline;
    if (end - start > limits.maxStringChars) {
      const message = `this line has ${end - start} characters, over the limit of ${limits.maxStringChars} (1 MiB) for any string in a suite or test file; shorten it`;
      return { file, line, col: 1, field: 'line', message };
    }
    start = end + 1;
  }
  return undefined;
};
