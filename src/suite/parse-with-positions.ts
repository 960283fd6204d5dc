// Parses YAML or JSON keeping the document, so any field path can be located as file:line:col.
import { LineCounter, parseDocument } from 'yaml';
import { createYamlLocator, type SourceLocator } from './source-locator.js';
import { toSuiteError } from './suite-problem.js';

/** YAML/JSON to plain data, keeping the Document so any path can be located; the exact (and costly) way. */
export const parseWithPositions = (
  filePath: string,
  content: string,
): { data: unknown; locator: SourceLocator } => {
  const lineCounter = new LineCounter();
  const document = parseDocument(content, { lineCounter, prettyErrors: false, uniqueKeys: true });
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
  return { data: document.toJS(), locator };
};
