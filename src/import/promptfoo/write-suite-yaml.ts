// The imported suite as readable YAML: the editor schema line, a header listing what was left out, and each
// note and explanation as a comment just above the node it is about; short assertions and vars on one line.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, isMap, isNode, isScalar, isSeq, type Node } from 'yaml';
import type { PathSegment } from '../../suite/suite-problem.js';
import type { ImportNote } from './import-notes.js';
import type { ImportResult } from './import-promptfoo.js';

const schemaFile = fileURLToPath(new URL('../../../schema/suite.schema.json', import.meta.url));

/** Maps and lists shorter than this, with no line breaks inside, are written on one line. */
const flowLimit = 100;

/** A path relative to `dir`, unless that climbs more than two folders (an absolute path reads better then). */
const relativeTo = (dir: string, file: string): string => {
  const relative = path.relative(dir, file).split(path.sep).join('/');
  return path.isAbsolute(relative) || relative.startsWith('../../../') ? file : relative;
};

const noteLine = (note: ImportNote, suiteDir: string): string =>
  `${relativeTo(suiteDir, note.file)}:${note.line}:${note.col} ${note.field}: ${note.message}`;

const addComment = (node: Node | { commentBefore?: string | null }, text: string): void => {
  const line = ` ${text.replace(/\n/g, ' ')}`;
  if (node.commentBefore?.split('\n').includes(line)) return;
  node.commentBefore = node.commentBefore ? `${node.commentBefore}\n${line}` : line;
};

/** Puts a comment above the node at `at`, or above the nearest ancestor that exists. */
const commentAt = (document: Document, at: readonly PathSegment[], text: string): void => {
  for (let depth = at.length; depth > 0; depth--) {
    const parent = depth === 1 ? document.contents : document.getIn(at.slice(0, depth - 1), true);
    const last = at[depth - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
      if (pair && isNode(pair.key)) {
        addComment(pair.key, text);
        return;
      }
    } else if (isSeq(parent) && typeof last === 'number') {
      const item = parent.items[last];
      if (isNode(item)) {
        addComment(item, text);
        return;
      }
    }
  }
  addComment(document, text);
};

const setFlow = (node: unknown): void => {
  if (!isMap(node) && !isSeq(node)) return;
  const text = JSON.stringify(node.toJSON());
  if (text !== undefined && text.length < flowLimit && !text.includes('\\n')) node.flow = true;
};

const styleTests = (document: Document, key: string): void => {
  const tests = document.get(key, true);
  const entries = isSeq(tests) ? tests.items : isMap(tests) ? [tests] : [];
  for (const test of entries) {
    if (!isMap(test)) continue;
    setFlow(test.get('vars', true));
    const asserts = test.get('assert', true);
    if (isSeq(asserts)) for (const assertion of asserts.items) setFlow(assertion);
  }
};

interface Comment {
  at: readonly PathSegment[];
  text: string;
}

const writeOptions = { lineWidth: 0 };

/**
 * The tests, each as its own small document: one document for 30,000 tests held every node of the file at once
 * (over 100 MB), where the text is all that is needed.
 */
const writeTests = (tests: readonly unknown[], comments: readonly Comment[]): string => {
  const byTest = new Map<number, Comment[]>();
  for (const comment of comments) {
    const index = comment.at[1];
    if (typeof index !== 'number') continue;
    byTest.set(index, [
      ...(byTest.get(index) ?? []),
      { at: ['tests', 0, ...comment.at.slice(2)], text: comment.text },
    ]);
  }
  if (tests.length === 0) return 'tests: []\n';
  const chunks = tests.map((test, index) => {
    // an expanded test shares its vars' objects with its siblings: write them out, not as YAML aliases
    const document = new Document({ tests: [test] }, { aliasDuplicateObjects: false });
    styleTests(document, 'tests');
    for (const comment of byTest.get(index) ?? []) commentAt(document, comment.at, comment.text);
    return document.toString(writeOptions).slice('tests:\n'.length);
  });
  return `tests:\n${chunks.join('')}`;
};

/** The suite file's text; `configFile` and `suiteDir` make the header's paths relative to where it is written. */
export const writeSuiteYaml = (result: ImportResult, configFile: string, suiteDir: string): string => {
  const { tests, ...head } = result.suite;
  const document = new Document(head, { aliasDuplicateObjects: false });
  styleTests(document, 'defaults');
  const leftOut = result.notes.filter((note) => note.kind === 'left-out');
  const approximated = result.notes.length - leftOut.length;
  const header = [
    ` yaml-language-server: $schema=${relativeTo(suiteDir, schemaFile)}`,
    '',
    ` Imported from ${relativeTo(suiteDir, configFile)} by \`yardstick import promptfoo\`; see docs/import.md.`,
    leftOut.length === 0
      ? ' Nothing was left out.'
      : ` Left out, with no yardstick equivalent (${leftOut.length}):`,
    ...leftOut.map((note) => `   ${noteLine(note, suiteDir)}`),
    ...(approximated > 0
      ? [` Approximated (${approximated}): see the comments marked "approximated" below.`]
      : []),
  ];
  document.commentBefore = header.join('\n');
  const comments: Comment[] = [
    ...result.notes.flatMap((note) =>
      note.at === undefined
        ? []
        : [
            {
              at: note.at,
              text: `${note.kind === 'left-out' ? 'left out' : 'approximated'}: ${note.field}: ${note.message.replace(/; left out$/, '')}`,
            },
          ],
    ),
    ...result.comments,
  ];
  const inTests = (comment: Comment) =>
    comment.at[0] === 'tests' && typeof comment.at[1] === 'number' && comment.at[1] < tests.length;
  for (const comment of comments)
    if (!inTests(comment) && comment.at[0] !== 'tests') commentAt(document, comment.at, comment.text);
  // about the tests as a whole (a test left out entirely): above the tests key
  const aboutTests = [
    ...new Set(
      comments
        .filter((comment) => comment.at[0] === 'tests' && !inTests(comment))
        .map((comment) => `# ${comment.text}\n`),
    ),
  ];
  return `${document.toString(writeOptions)}${aboutTests.join('')}${writeTests(tests, comments.filter(inTests))}`;
};
