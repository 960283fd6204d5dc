// A problem found in a suite or test file, located at file:line:col, and the one error that lists them all.
import path from 'node:path';
import { YardstickError } from '../spec/errors.js';

export type PathSegment = string | number;

export interface SuiteProblem {
  /** Absolute path of the file. */
  file: string;
  line: number;
  col: number;
  /** The field path as shown, e.g. `tests[3].assert[0].type`. */
  field: string;
  /** What is wrong, then `; ` and how to fix it. */
  message: string;
}

/** Most problems listed in one error; the rest are counted. */
const maxListed = 10;

/** `tests[3].assert[0].type` from `['tests', 3, 'assert', 0, 'type']`; `rootLabel` when empty. */
export const formatPath = (segments: readonly PathSegment[], rootLabel = '(top level)'): string => {
  let text = '';
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text === '' ? rootLabel : text;
};

/** The path a user can click: relative to the working directory unless that climbs out of it. */
export const displayFile = (file: string): string => {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
};

export const formatProblem = (problem: SuiteProblem): string =>
  `${displayFile(problem.file)}:${problem.line}:${problem.col} ${problem.field}: ${problem.message}`;

/** One `E_SUITE_INVALID` error listing up to ten problems, one per line, in file order. */
export const toSuiteError = (problems: readonly SuiteProblem[]): YardstickError => {
  const sorted = [...problems].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col,
  );
  const lines = sorted.slice(0, maxListed).map(formatProblem);
  if (sorted.length > maxListed) lines.push(`… and ${sorted.length - maxListed} more problems`);
  return new YardstickError('E_SUITE_INVALID', lines.join('\n'));
};
