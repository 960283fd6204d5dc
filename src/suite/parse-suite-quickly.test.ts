import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { parseSuiteQuickly } from './parse-suite-quickly.js';
import { createYamlLocator } from './source-locator.js';

/** What the full parse gives: the data and the position of every `tests[i]`. */
const parseFully = (content: string) => {
  const lineCounter = new LineCounter();
  const document = parseDocument(content, { lineCounter, uniqueKeys: true });
  const data = document.toJS() as { tests: unknown[] };
  const locator = createYamlLocator('suite.yaml', document, lineCounter);
  return { data, testPositions: data.tests.map((_, index) => locator.locate(['tests', index])) };
};

const manyTests = (count: number, indent: string): string =>
  Array.from(
    { length: count },
    (_, index) =>
      `${indent}- id: case-${index}\n${indent}  vars:\n${indent}    question: "What is ${index}?"\n` +
      `${indent}  assert: [ { type: contains, value: "${index}" } ]\n`,
  ).join('');

describe('parseSuiteQuickly', () => {
  it('gives the same data and test positions as the full parse, across batches', () => {
    const content = `name: big\nprompts: ["{{question}}"]\nmodels: [openai:gpt-4o-mini]\ntests:\n${manyTests(2_500, '  ')}repeat: 2\n`;
    expect(parseSuiteQuickly(content)).toEqual(parseFully(content));
  });

  it('handles tests at column 0, comments, blank lines, block scalars and a dash alone on its line', () => {
    const content = [
      'name: odd layout',
      'tests:',
      '# first',
      '- id: a',
      '  vars:',
      '    text: |',
      '      - not an item',
      '',
      '      still text',
      '-',
      '  id: b',
      '   # indented comment',
      '- { id: c, vars: { x: 1 } }',
      'models: [openai:gpt-4o-mini]',
      '',
    ].join('\n');
    expect(parseSuiteQuickly(content)).toEqual(parseFully(content));
  });

  it('keeps CRLF line endings working', () => {
    const content = `name: crlf\r\ntests:\r\n  - id: a\r\n  - id: b\r\nrepeat: 1\r\n`;
    expect(parseSuiteQuickly(content)).toEqual(parseFully(content));
  });

  it('leaves to the full parse what it cannot split safely', () => {
    const cases = [
      'name: x\ntests: [ { id: a } ]\n', // flow list
      '---\nname: x\ntests:\n  - id: a\n', // document marker
      'name: x\ntests:\n  - id: a\ntests:\n  - id: b\n', // duplicate key
      'name: x\ndefaults: &d { vars: { a: 1 } }\ntests:\n  - *d\n', // alias to the head
      'name: x\ntests:\n  - id: a\n    id: b\n', // duplicate key inside an item
      'name: x\ntests:\n  - id: "unterminated\n', // syntax error
      '{ "name": "json", "tests": [] }\n',
    ];
    for (const content of cases) expect(parseSuiteQuickly(content)).toBeUndefined();
  });
});
