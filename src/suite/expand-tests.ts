// Expands `tests:` into test cases: inline entries and file rows, defaults applied, stable ids, duplicates caught.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AssertionConfig } from '../spec/assertion.js';
import { formatBytes, limits } from '../spec/limits.js';
import { findOverlongText } from './find-overlong-text.js';
import { loadTestFile, type TestRow, testFileExtensions } from './load-test-file.js';
import type { SourceLocator } from './source-locator.js';
import { displayFile, formatPath, type PathSegment, type SuiteProblem } from './suite-problem.js';
import type { SuiteFile } from './suite-schema.js';
import type { TestCase } from './suite-types.js';
import { deriveTestId } from './test-id.js';

/** What is wrong with a test file before it is read (missing, not a file, too big), or undefined. */
const checkTestFile = async (file: string): Promise<string | undefined> => {
  const stats = await stat(file).catch(() => undefined);
  if (stats === undefined)
    return `test file not found: ${displayFile(file)}; the path is relative to the suite file`;
  if (!stats.isFile()) return `${displayFile(file)} is not a regular file`;
  if (stats.size > limits.maxFileBytes) {
    return `test file ${displayFile(file)} is ${stats.size} bytes, over the ${formatBytes(limits.maxFileBytes)} limit; split it into several files`;
  }
  return undefined;
};

const readRows = async (
  suite: SuiteFile,
  locator: SourceLocator,
  problems: SuiteProblem[],
): Promise<TestRow[]> => {
  const rows: TestRow[] = [];
  const at = (fieldPath: PathSegment[], message: string): SuiteProblem => ({
    file: locator.file,
    ...locator.locate(fieldPath),
    field: formatPath(fieldPath),
    message,
  });
  for (const [index, entry] of suite.tests.entries()) {
    if (!('file' in entry)) {
      const { line, col } = locator.locate(['tests', index]);
      rows.push({ entry, file: locator.file, line, col, field: `tests[${index}]` });
      continue;
    }
    const file = path.resolve(path.dirname(locator.file), entry.file);
    const extension = path.extname(file).toLowerCase();
    const where = ['tests', index, 'file'];
    if (!testFileExtensions.includes(extension)) {
      problems.push(at(where, `unsupported test file "${entry.file}"; use ${testFileExtensions.join(', ')}`));
    } else {
      const problem = await checkTestFile(file);
      if (problem !== undefined) {
        problems.push(at(where, problem));
        continue;
      }
      if (extension !== '.csv') {
        const overlong = findOverlongText(file, await readFile(file, 'utf8'));
        if (overlong !== undefined) {
          problems.push(overlong);
          continue;
        }
      }
      const loaded = await loadTestFile(file);
      rows.push(...loaded.rows);
      problems.push(...loaded.problems);
    }
  }
  return rows;
};

/** Every test case of the suite, in file order; problems (bad rows, missing files, duplicate ids) go to `problems`. */
export const expandTests = async (
  suite: SuiteFile,
  locator: SourceLocator,
  problems: SuiteProblem[],
): Promise<TestCase[]> => {
  const defaults = suite.defaults ?? {};
  const seen = new Map<string, TestCase>();
  const tests: TestCase[] = [];
  for (const { entry, file, line, col, field } of await readRows(suite, locator, problems)) {
    const ownVars = entry.vars ?? {};
    const ownAssert: AssertionConfig[] = entry.assert ?? [];
    const id = entry.id ?? deriveTestId(ownVars, ownAssert, entry.messages);
    const threshold = entry.threshold ?? defaults.threshold;
    const test: TestCase = {
      id,
      ...(entry.description === undefined ? {} : { description: entry.description }),
      vars: { ...defaults.vars, ...ownVars },
      ...(entry.messages === undefined ? {} : { messages: entry.messages }),
      assert: [...ownAssert, ...(defaults.assert ?? [])],
      ...(threshold === undefined ? {} : { threshold }),
      source: { file, line },
    };
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      const there = `${displayFile(earlier.source.file)}:${earlier.source.line}`;
      const message =
        entry.id === undefined
          ? `same vars and asserts as the test at ${there} (both get id "${id}"); remove one or give each an id`
          : `duplicate test id "${id}", also used at ${there}; give each test a unique id`;
      problems.push({ file, line, col, field, message });
    }
    seen.set(id, test);
    tests.push(test);
  }
  return tests;
};
