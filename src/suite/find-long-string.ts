// Finds a string over the size limit anywhere in parsed suite data (a var, a prompt, an assertion value), so a
// 50 MB string is refused at load with its location instead of being rendered into every call.
import { limits } from '../spec/limits.js';
import type { PathSegment } from './suite-problem.js';

export interface LongString {
  path: PathSegment[];
  length: number;
  /** Its first characters, to find it in the file's text. */
  head: string;
}

interface Visit {
  value: unknown;
  key: PathSegment | undefined;
  parent: Visit | undefined;
}

const pathOf = (visit: Visit): PathSegment[] => {
  const path: PathSegment[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.unshift(at.key);
  return path;
};

/** The first string longer than `maxChars` in `value`, walked without recursion (any depth), or undefined. */
export const findLongString = (
  value: unknown,
  maxChars: number = limits.maxStringChars,
): LongString | undefined => {
  // parents are linked, not copied: a suite of 33,000 tests is walked without a path array per value
  const stack: Visit[] = [{ value, key: undefined, parent: undefined }];
  for (let visit = stack.pop(); visit !== undefined; visit = stack.pop()) {
    const current = visit.value;
    if (typeof current === 'string') {
      if (current.length > maxChars)
        return { path: pathOf(visit), length: current.length, head: current.slice(0, 40) };
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index -= 1) {
        stack.push({ value: current[index], key: index, parent: visit });
      }
    } else if (typeof current === 'object' && current !== null) {
      for (const [key, inner] of Object.entries(current)) {
        // a key is a string the user wrote too
        if (key.length > maxChars)
          return { path: [...pathOf(visit), key], length: key.length, head: key.slice(0, 40) };
        stack.push({ value: inner, key, parent: visit });
      }
    }
  }
  return undefined;
};

export const longStringMessage = (found: LongString): string =>
  `this string has ${found.length} characters, over the limit of ${limits.maxStringChars} (1 MiB) for any string in a suite or test file; shorten it`;
