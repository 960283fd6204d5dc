// End to end on the built CLI: suites and test files built to crash a YAML/JSON reader get a clean exit 2 with
// file:line:col and the reason (issue 8 rows 4 and 5), never an out-of-memory abort or an "internal error".
import { describe, expect, it } from 'vitest';
import { makeProject, runCli } from './helpers/run-cli.js';

const depth = 10_000;
/** The issue's reproduction: `{"question":"a","d":[[[…]]]}` nested 10,000 levels. */
const deepRow = `{"question":"a","d":${'['.repeat(depth)}${']'.repeat(depth)}}`;

const suiteWithTests = (tests: string): string => `name: hostile
prompts: ["Q {{question}}"]
models: [ { id: "function:./model.js" } ]
tests:
${tests}
`;

const laughs = (indent: string, levels = 9): string => {
  const lines = [`${indent}a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
  for (let level = 1; level < levels; level++) {
    lines.push(
      `${indent}a${level}: &a${level} [${Array(9)
        .fill(`*a${level - 1}`)
        .join(', ')}]`,
    );
  }
  return lines.join('\n');
};

const evalIn = (files: Record<string, string>) =>
  runCli(['eval', 'suite.yaml'], {
    cwd: makeProject({ 'model.js': 'export default () => "x";\n', ...files }),
  });

const expectCleanRefusal = (
  result: { code: number | null; stderr: string },
  where: RegExp,
  reason: string,
) => {
  expect(result.stderr).not.toMatch(/FATAL|internal error|out of memory|\n\s+at /);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(where);
  expect(result.stderr).toContain(reason);
};

describe('yardstick eval with hostile suite files', () => {
  it.each([
    ['JSONL', 't.jsonl', `${deepRow}\n`],
    ['JSON', 't.json', `[${deepRow}]\n`],
    ['YAML', 't.yaml', `- ${deepRow}\n`],
  ])('refuses a %s test file nested 10,000 levels deep, naming the file, line and limit', async (_, name, content) => {
    const result = await evalIn({ 'suite.yaml': suiteWithTests(`  - file: ${name}`), [name]: content });
    expectCleanRefusal(
      result,
      new RegExp(`${name.replace('.', '\\.')}:1:\\d+ `),
      'nested more than 100 levels deep',
    );
  });

  it('refuses a suite file nested 10,000 levels deep in the same words', async () => {
    const result = await evalIn({ 'suite.yaml': suiteWithTests(`  - vars: ${deepRow}`) });
    expectCleanRefusal(result, /suite\.yaml:5:\d+ /, 'lists and maps may nest at most 100 levels');
  });

  it('refuses a billion-laughs suite at its first alias', async () => {
    const result = await evalIn({
      'suite.yaml': `${laughs('')}\n${suiteWithTests('  - vars: { question: *a8 }')}`,
    });
    expectCleanRefusal(result, /suite\.yaml:2:10 /, 'expand to more than 1,000,000 values');
  });

  it('refuses a billion-laughs YAML test file at its first alias', async () => {
    const rows = laughs('  ')
      .split('\n')
      .map((line) => `- vars:\n    question: hi\n${line}`)
      .join('\n');
    const result = await evalIn({ 'suite.yaml': suiteWithTests('  - file: t.yaml'), 't.yaml': `${rows}\n` });
    expectCleanRefusal(result, /t\.yaml:6:\d+ /, 'expand to more than 1,000,000 values');
  });

  it('refuses an alias with no anchor and an alias inside its own anchor, naming the line', async () => {
    const missing = await evalIn({ 'suite.yaml': suiteWithTests('  - vars: { question: *nowhere }') });
    expectCleanRefusal(missing, /suite\.yaml:5:23 /, 'alias *nowhere has no anchor &nowhere before it');
    const loop = await evalIn({ 'suite.yaml': suiteWithTests('  - vars: &v { question: hi, self: *v }') });
    expectCleanRefusal(loop, /suite\.yaml:5:\d+ /, 'refers to the value it is inside of');
  });

  it('still runs a suite that shares one assert list among 300 tests through an alias', async () => {
    const tests = Array.from({ length: 300 }, (_, index) =>
      index === 0
        ? '  - { vars: { question: q0 }, assert: &checks [ { type: equals, value: x } ] }'
        : `  - { vars: { question: q${index} }, assert: *checks }`,
    );
    const result = await evalIn({ 'suite.yaml': suiteWithTests(tests.join('\n')) });
    expect(result.stderr).not.toMatch(/^error/m);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('300/300 passed');
  });
});
