// Loads a suite file: parse YAML/JSON, validate, normalise prompts and models, expand tests, hash.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { YardstickError } from '../spec/errors.js';
import { formatBytes, limits } from '../spec/limits.js';
import type { ModelConfig } from '../spec/model-config.js';
import { expandTests } from './expand-tests.js';
import { findLongString, longStringMessage } from './find-long-string.js';
import { findOverlongText } from './find-overlong-text.js';
import { createQuickLocator, parseSuiteQuickly } from './parse-suite-quickly.js';
import { parseWithPositions } from './parse-with-positions.js';
import type { SourceLocator } from './source-locator.js';
import {
  displayFile,
  formatPath,
  type PathSegment,
  type SuiteProblem,
  toSuiteError,
} from './suite-problem.js';
import { type SuiteFile, suiteSchema } from './suite-schema.js';
import type { Prompt, Suite, TestCase } from './suite-types.js';
import { canonicalJson, sha256 } from './test-id.js';
import { validateWithSchema } from './validate-with-schema.js';

const readSuiteFile = async (filePath: string): Promise<string> => {
  try {
    // checked before reading: a FIFO or a device would be read for ever, a huge file would fill the memory
    const stats = await stat(filePath);
    if (stats.isFile() && stats.size > limits.maxFileBytes) {
      throw new YardstickError(
        'E_SUITE_INVALID',
        `suite file ${displayFile(filePath)} is ${stats.size} bytes, over the ${formatBytes(limits.maxFileBytes)} limit; move test cases into test files`,
      );
    }
    if (!stats.isFile() && !stats.isDirectory()) {
      throw new YardstickError(
        'E_SUITE_INVALID',
        `suite file ${displayFile(filePath)} is not a regular file`,
      );
    }
    return await readFile(filePath, 'utf8');
  } catch (error) {
    if (error instanceof YardstickError) throw error;
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    const reason =
      code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a directory' : String(code ?? error);
    throw new YardstickError(
      'E_SUITE_INVALID',
      `suite file ${displayFile(filePath)} ${reason}; check the path`,
      {
        cause: error,
      },
    );
  }
};

const problemAt = (locator: SourceLocator, fieldPath: PathSegment[], message: string): SuiteProblem => ({
  file: locator.file,
  ...locator.locate(fieldPath),
  field: formatPath(fieldPath),
  message,
});

const normalisePrompts = (suite: SuiteFile, locator: SourceLocator, problems: SuiteProblem[]): Prompt[] => {
  const seen = new Set<string>();
  return suite.prompts.map((entry, index): Prompt => {
    const id = (typeof entry === 'string' ? undefined : entry.id) ?? `prompt-${index + 1}`;
    if (seen.has(id)) {
      problems.push(
        problemAt(locator, ['prompts', index], `duplicate prompt id "${id}"; give each prompt a unique id`),
      );
    }
    seen.add(id);
    if (typeof entry === 'string') {
      return {
        id,
        messages: [{ role: 'user', content: entry }],
        ...(suite.tools ? { tools: suite.tools } : {}),
      };
    }
    const tools = entry.tools ?? suite.tools;
    return {
      id,
      messages: entry.messages,
      ...(tools ? { tools } : {}),
      ...(entry.toolChoice ? { toolChoice: entry.toolChoice } : {}),
    };
  });
};

/** Results are stored under `label ?? id` and `--model` matches ids and labels, so names must not collide. */
const checkModelNames = (models: ModelConfig[], locator: SourceLocator, problems: SuiteProblem[]): void => {
  for (const [index, model] of models.entries()) {
    const key = model.label ?? model.id;
    const earlier = models.findIndex(
      (other, otherIndex) =>
        otherIndex < index && ((other.label ?? other.id) === key || other.id === model.label),
    );
    if (earlier < 0) continue;
    const { line } = locator.locate(['models', earlier]);
    const message = `model "${key}" is already listed at line ${line}; remove one or give them different labels`;
    problems.push(problemAt(locator, ['models', index], message));
  }
};

/** The suite's identity for resume and comparison: what changes results, not paths, lines or concurrency. */
// Hashed test by test: the same bytes as one canonicalJson of the whole suite ("tests" sorts last), without
// building that string, several MB for a large suite.
export const hashSuite = (
  suite: Omit<Suite, 'hash' | 'filePath' | 'dir' | 'concurrency' | 'maxRepeats'>,
): string => {
  const withoutSource = ({ source: _source, ...test }: TestCase) => test;
  const head = canonicalJson({ ...suite, tests: [] });
  if (!head.endsWith('"tests":[]}'))
    return sha256(canonicalJson({ ...suite, tests: suite.tests.map(withoutSource) }));
  const hash = createHash('sha256').update(head.slice(0, -'[]}'.length)).update('[');
  for (const [index, test] of suite.tests.entries()) {
    hash.update(index === 0 ? canonicalJson(withoutSource(test)) : `,${canonicalJson(withoutSource(test))}`);
  }
  return hash.update(']}').digest('hex');
};

const buildSuite = async (filePath: string, data: unknown, locator: SourceLocator): Promise<Suite> => {
  if (data === null || data === undefined) {
    const message = 'the file is empty; a suite needs at least name, prompts, models and tests';
    throw toSuiteError([problemAt(locator, [], message)]);
  }
  const long = findLongString(data);
  if (long !== undefined) throw toSuiteError([problemAt(locator, long.path, longStringMessage(long))]);
  const validation = validateWithSchema(suiteSchema, data, locator);
  if (!validation.ok) throw toSuiteError(validation.problems);
  const file = validation.value;

  const problems: SuiteProblem[] = [];
  const prompts = normalisePrompts(file, locator, problems);
  checkModelNames(file.models, locator, problems);
  const tests = await expandTests(file, locator, problems);
  if (problems.length > 0) throw toSuiteError(problems);

  const normalised = {
    name: file.name,
    ...(file.description === undefined ? {} : { description: file.description }),
    prompts,
    models: file.models,
    ...(file.judge === undefined ? {} : { judge: file.judge }),
    ...(file.embedding === undefined ? {} : { embedding: file.embedding }),
    tests,
    repeat: file.repeat,
  };
  return {
    ...normalised,
    filePath,
    dir: path.dirname(filePath),
    concurrency: file.concurrency,
    maxRepeats: file.maxRepeats,
    hash: hashSuite(normalised),
  };
};

/**
 * Reads, validates and expands a suite; throws `E_SUITE_INVALID` listing every problem as `file:line:col field: …`.
 * A suite that loads cleanly is parsed in batches (see parse-suite-quickly.ts); one with a problem is parsed
 * again whole, with positions, so every message points at its line.
 * @example const suite = await loadSuite('examples/flight-faq/suite.yaml');
 */
export const loadSuite = async (suitePath: string): Promise<Suite> => {
  const filePath = path.resolve(suitePath);
  return loadSuiteText(filePath, await readSuiteFile(filePath));
};

/** Loads a suite from text already read (or produced, as by an import); `filePath` is absolute. */
export const loadSuiteText = async (filePath: string, content: string): Promise<Suite> => {
  const overlong = findOverlongText(filePath, content);
  if (overlong !== undefined) throw toSuiteError([overlong]);
  const quick = parseSuiteQuickly(content);
  if (quick !== undefined) {
    try {
      return await buildSuite(filePath, quick.data, createQuickLocator(filePath, quick.testPositions));
    } catch (error) {
      if (!(error instanceof YardstickError && error.code === 'E_SUITE_INVALID')) throw error;
    }
  }
  const { data, locator } = parseWithPositions(filePath, content);
  return buildSuite(filePath, data, locator);
};
