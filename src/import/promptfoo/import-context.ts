// State shared by the steps of one import: the config's folder, the notes, the problems that make the config
// malformed (exit 2), and reading the files a config refers to with `file://`.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseWithPositions } from '../../suite/parse-with-positions.js';
import type { SourceLocator } from '../../suite/source-locator.js';
import { displayFile, formatPath, type PathSegment, type SuiteProblem } from '../../suite/suite-problem.js';
import { createNoteSink, type NoteSink, type Place } from './import-notes.js';

export interface ImportContext {
  /** Folder of the promptfoo config; its relative paths resolve against it. */
  configDir: string;
  /** Folder the suite is written to (or, for `eval`, stands in); paths in the suite are relative to it. */
  suiteDir: string;
  notes: NoteSink;
  problems: SuiteProblem[];
  /** Records what makes the config unreadable as promptfoo reads it. */
  problem(place: Place, message: string): void;
  /** Explanations for the written suite, each before the node at its path. */
  comments: Array<{ at: PathSegment[]; text: string }>;
}

export const createImportContext = (configPath: string, suiteDir: string): ImportContext => {
  const problems: SuiteProblem[] = [];
  return {
    configDir: path.dirname(configPath),
    suiteDir,
    notes: createNoteSink(),
    problems,
    comments: [],
    problem: (place, message) =>
      problems.push({
        file: place.locator.file,
        ...place.locator.locate(place.path),
        field: formatPath(place.path, place.locator.rootLabel),
        message,
      }),
  };
};

/** A path for the suite: relative to its folder, with forward slashes and a leading `./`. */
export const pathForSuite = (context: ImportContext, file: string): string => {
  const relative = path.relative(context.suiteDir, file).split(path.sep).join('/');
  if (path.isAbsolute(relative)) return relative;
  return relative.startsWith('../') ? relative : `./${relative}`;
};

/** `file://a/b.csv` or `a/b.csv`, relative to `baseDir`, as an absolute path. */
export const resolveReference = (reference: string, baseDir: string): string =>
  path.resolve(baseDir, reference.replace(/^file:\/\//, ''));

export const isFileReference = (value: unknown): value is string =>
  typeof value === 'string' && value.startsWith('file://');

const isFile = (file: string): boolean => {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

/** The text of a referenced file, or undefined with a problem recorded at `place`. */
export const readReferencedText = (
  context: ImportContext,
  place: Place,
  file: string,
): string | undefined => {
  if (!isFile(file)) {
    context.problem(
      place,
      `file not found: ${displayFile(file)}; paths are relative to the file that names them`,
    );
    return undefined;
  }
  return readFileSync(file, 'utf8');
};

/** A referenced YAML or JSON file as data, with a locator into it; syntax errors throw with their positions. */
export const readReferencedData = (
  context: ImportContext,
  place: Place,
  file: string,
): { data: unknown; locator: SourceLocator } | undefined => {
  const content = readReferencedText(context, place, file);
  return content === undefined ? undefined : parseWithPositions(file, content);
};
