// Parses YAML or JSON keeping the document, so any field path can be located as file:line:col.
import { LineCounter } from 'yaml';
import { parseBoundedYaml, toBoundedValue, type YamlLimitProblem } from './parse-bounded-yaml.js';
import { createYamlLocator, type SourceLocator } from './source-locator.js';
import { toSuiteError } from './suite-problem.js';

/** YAML/JSON to plain data, keeping the Document so any path can be located; the exact (and costly) way. */
export const parseWithPositions = (
  filePath: string,
  content: string,
): { data: unknown; locator: SourceLocator } => {
  const lineCounter = new LineCounter();
  const limitError = (problem: YamlLimitProblem) =>
    toSuiteError([
      { file: filePath, ...lineCounter.linePos(problem.offset), field: 'syntax', message: problem.message },
    ]);
  const parsed = parseBoundedYaml(content, { lineCounter, uniqueKeys: true });
  if (!parsed.ok) throw limitError(parsed);
  const { document } = parsed;
  const locator = createYamlLocator(filePath, document, lineCounter);
  if (document.errors.length > 0) {
    throw toSuiteError(
      document.errors.map((error) => ({
        file: filePath,
        ...lineCounter.linePos(error.pos[0]),
        field: 'syntax',
        message: `${error.message.split('\n')[0]}; check indentation, quotes and brackets here or just above`,
      })),
    );
  }
  const value = toBoundedValue(parsed);
  if (!value.ok) throw limitError(value);
  return { data: value.value, locator };
};
