// Fast-check arbitraries for the suite-loader fuzz tests: a valid suite and its test files, mutated as data (nodes
// deleted, duplicated, renamed, replaced by hostile values) and as text (bytes inserted, cut, repeated), in YAML or JSON.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { baseRows, baseSuite, baseTestFiles } from './base-suite.js';
import {
  type DataMutation,
  dataMutation,
  mutateData,
  mutateText,
  type TextMutation,
  textMutation,
} from './hostile-mutations.js';
import { insertRawFragments } from './hostile-values.js';

/** The files of a project folder, and which one is the suite. */
export interface SuiteProject {
  suiteFile: string;
  files: Record<string, string | Uint8Array>;
}

type Format = 'yaml' | 'json' | 'jsonl' | 'raw';

/** How one file is written: its data mutated, then written in its format, then its text mutated; or random bytes. */
type FileChange = Uint8Array | { data: DataMutation[]; text: TextMutation[] };

const noData: fc.Arbitrary<DataMutation[]> = fc.constant([]);
const noText: fc.Arbitrary<TextMutation[]> = fc.constant([]);

const fileChange: fc.Arbitrary<FileChange> = fc.oneof<fc.MaybeWeightedArbitrary<FileChange>[]>(
  {
    weight: 4,
    arbitrary: fc.record({
      data: fc.array(dataMutation, { minLength: 1, maxLength: 3 }),
      text: noText,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      data: noData,
      text: fc.array(textMutation, { minLength: 1, maxLength: 2 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      data: fc.array(dataMutation, { maxLength: 2 }),
      text: fc.array(textMutation, { maxLength: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
);

const render = (data: unknown, format: Format, raw: string): string => {
  if (format === 'raw') return raw;
  if (format === 'json') return JSON.stringify(data, null, 2) ?? 'null';
  if (format === 'jsonl')
    return (Array.isArray(data) ? data : [data]).map((row) => JSON.stringify(row)).join('\n');
  return stringify(data, { aliasDuplicateObjects: true });
};

const writeFile = (data: unknown, format: Format, raw: string, change: FileChange | undefined) => {
  if (change instanceof Uint8Array) return change;
  const root = { value: structuredClone(data) };
  for (const mutation of change?.data ?? []) mutateData(root, mutation);
  let text = insertRawFragments(render(root.value, format, raw));
  for (const mutation of change?.text ?? []) text = mutateText(text, mutation);
  return text;
};

const testFiles = ['rows.csv', 'rows.jsonl', 'rows.json', 'rows.yaml'] as const;

/**
 * A suite (YAML or JSON) with its model module and four test files: one or two of the five files changed, the
 * others as written, so that a fair share of projects still load and the loaded path is fuzzed too.
 */
export const arbitrarySuiteProject: fc.Arbitrary<SuiteProject> = fc
  .record({
    suiteFile: fc.constantFrom('suite.yaml', 'suite.json'),
    suiteFormat: fc.constantFrom<Format>('yaml', 'json'),
    changes: fc.oneof<fc.MaybeWeightedArbitrary<Array<[string, FileChange]>>[]>(
      { weight: 1, arbitrary: fc.constant([]) },
      {
        weight: 8,
        arbitrary: fc.array(fc.tuple(fc.constantFrom<string>('suite', ...testFiles), fileChange), {
          minLength: 1,
          maxLength: 2,
        }),
      },
    ),
  })
  .map(({ suiteFile, suiteFormat, changes }) => {
    const changed = new Map<string, FileChange>(changes);
    const rows = (name: string, prefix: string, format: Format) =>
      writeFile(baseRows(prefix), format, '', changed.get(name));
    return {
      suiteFile,
      files: {
        [suiteFile]: writeFile(baseSuite(), suiteFormat, '', changed.get('suite')),
        'model.js': baseTestFiles['model.js'],
        'rows.csv': writeFile([], 'raw', baseTestFiles['rows.csv'], changed.get('rows.csv')),
        'rows.jsonl': rows('rows.jsonl', 'jsonl', 'jsonl'),
        'rows.json': rows('rows.json', 'json', 'json'),
        'rows.yaml': rows('rows.yaml', 'yaml', 'yaml'),
      },
    };
  });
