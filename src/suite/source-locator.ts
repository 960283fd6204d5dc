// Maps a field path to line:col in a YAML/JSON document (or a fixed line for CSV rows) for error messages.
import { type Document, isMap, isNode, isScalar, isSeq, type LineCounter, type Node, type Pair } from 'yaml';
import type { PathSegment } from './suite-problem.js';

export interface Position {
  line: number;
  col: number;
}

export interface SourceLocator {
  /** Absolute path of the file. */
  file: string;
  /** Label for an empty field path, e.g. `(top level)` or `row`. */
  rootLabel: string;
  /** Position of the value at `path`, of its key when `at` is `key`, else of the nearest ancestor that exists. */
  locate(path: readonly PathSegment[], at?: 'key' | 'value'): Position;
}

interface YamlLocatorOptions {
  /** Path of the row inside the document; `locate` paths are relative to it. */
  basePath?: readonly PathSegment[];
  /** Lines before the document, for one JSONL line parsed on its own. */
  lineOffset?: number;
  rootLabel?: string;
}

export const createYamlLocator = (
  file: string,
  document: Document,
  lineCounter: LineCounter,
  { basePath = [], lineOffset = 0, rootLabel = '(top level)' }: YamlLocatorOptions = {},
): SourceLocator => {
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + lineOffset, col };
  };
  return {
    file,
    rootLabel,
    locate(path, at = 'value') {
      const segments = [...basePath, ...path];
      let node: Node | null | undefined = document.contents;
      let best = position(node?.range?.[0] ?? 0);
      for (const [index, segment] of segments.entries()) {
        const last = index === segments.length - 1;
        if (isMap(node)) {
          const pair: Pair<unknown, unknown> | undefined = node.items.find(
            (item) => isScalar(item.key) && String(item.key.value) === String(segment),
          );
          if (pair === undefined || !isScalar(pair.key)) return best;
          const keyPosition = position(pair.key.range?.[0] ?? 0);
          if (last && at === 'key') return keyPosition;
          best = keyPosition;
          node = isNode(pair.value) ? pair.value : undefined;
        } else if (isSeq(node) && typeof segment === 'number') {
          const item: unknown = node.items[segment];
          node = isNode(item) ? item : undefined;
        } else {
          return best;
        }
        if (!node?.range) return best;
        best = position(node.range[0]);
      }
      return best;
    },
  };
};

/** For rows without a document (CSV): every field sits on the row's line, column 1. */
export const createLineLocator = (file: string, line: number, rootLabel = 'row'): SourceLocator => ({
  file,
  rootLabel,
  locate: () => ({ line, col: 1 }),
});
