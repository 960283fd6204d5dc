import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isYardstickError } from '../spec/errors.js';
import { loadSuite } from './load-suite.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'yardstick-suite-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const write = async (name: string, content: string): Promise<string> => {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
};

/** Loads `content` as suite.yaml and returns the E_SUITE_INVALID message. */
const failure = async (content: string, name = 'suite.yaml'): Promise<string> => {
  const error: unknown = await loadSuite(await write(name, content)).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isYardstickError(error)) throw new Error(`expected a YardstickError, got ${String(error)}`);
  expect(error.code).toBe('E_SUITE_INVALID');
  return error.message;
};

const valid = (overrides: { models?: string; tests?: string } = {}) =>
  [
    'name: s',
    'prompts: ["Q: {{question}}"]',
    `models: ${overrides.models ?? '[openai:gpt-4o]'}`,
    'tests:',
    overrides.tests ?? '  - vars: { question: q }',
    '',
  ].join('\n');

describe('loadSuite errors', () => {
  it('points at a misspelled top-level key and suggests the right one', async () => {
    const message = await failure('name: s\nmodels: [openai:gpt-4o]\npromts: ["x"]\ntests: [{}]\n');
    expect(message).toContain('suite.yaml:3:1 promts: unknown field; did you mean "prompts"?');
  });

  it('suggests the assertion type closest to an unknown one', async () => {
    const tests = '  - vars: { question: q }\n    assert:\n      - type: contain\n        value: x';
    const message = await failure(valid({ tests }));
    expect(message).toBe(
      `${path.join(dir, 'suite.yaml')}:7:15 tests[0].assert[0].type: unknown assertion "contain"; did you mean "contains"?`,
    );
  });

  it('says which type was expected and what was given', async () => {
    const message = await failure(`${valid()}repeat: ten\n`);
    expect(message).toContain('suite.yaml:6:9 repeat: expected number or "auto", got string "ten"');
    expect(await failure(`${valid()}repeat: atuo\n`)).toContain(
      'repeat: got string "atuo"; did you mean "auto"?',
    );
  });

  it('points a missing required field at its parent object', async () => {
    const message = await failure(valid({ tests: '  - assert: [{ type: contains }]' }));
    expect(message).toContain('suite.yaml:5:14 tests[0].assert[0]: missing required field "value"');
  });

  it('reports unknown fields inside a model with a suggestion', async () => {
    const message = await failure(valid({ models: '\n  - id: openai:gpt-4o\n    labl: x' }));
    expect(message).toContain('suite.yaml:5:5 models[0].labl: unknown field; did you mean "label"?');
  });

  it('reports YAML syntax errors with the parser position', async () => {
    const message = await failure('name: s\nprompts: ["x"\nmodels: [openai:gpt-4o]\n');
    expect(message).toMatch(/suite\.yaml:\d+:\d+ syntax: /);
  });

  it('asks for provider:model when a model id has no provider', async () => {
    const message = await failure(valid({ models: '[gpt-4o]' }));
    expect(message).toContain(
      'suite.yaml:3:10 models[0]: invalid model id "gpt-4o"; write provider:model, e.g. "openai:gpt-4o"',
    );
  });

  it('rejects two models reported under the same name', async () => {
    const message = await failure(valid({ models: '[openai:gpt-4o, { id: openai:gpt-4o }]' }));
    expect(message).toContain('models[1]: model "openai:gpt-4o" is already listed at line 3');
  });

  it('names both places of a duplicate test id', async () => {
    await write('more.jsonl', '{"__id": "bags", "question": "b"}\n');
    const tests = '  - id: bags\n    vars: { question: a }\n  - file: more.jsonl';
    const message = await failure(valid({ tests }));
    expect(message).toContain(
      `more.jsonl:1:1 row: duplicate test id "bags", also used at ${path.join(dir, 'suite.yaml')}:5`,
    );
  });

  it('catches tests that derive the same id', async () => {
    const message = await failure(valid({ tests: '  - vars: { question: a }\n  - vars: { question: a }' }));
    expect(message).toMatch(
      /suite\.yaml:6:5 tests\[1\]: same vars and asserts as the test at .*suite\.yaml:5/,
    );
  });

  it('says when a test file is missing', async () => {
    const message = await failure(valid({ tests: '  - file: nope.csv' }));
    expect(message).toContain(
      `suite.yaml:5:11 tests[0].file: test file not found: ${path.join(dir, 'nope.csv')}`,
    );
  });

  it('says when the suite file is missing', async () => {
    await expect(loadSuite(path.join(dir, 'missing.yaml'))).rejects.toThrow(/missing\.yaml not found/);
  });

  it('names the file and line of a bad CSV row', async () => {
    await write('cases.csv', 'question,__threshold,__expect\nq,0.5,\nr,high,\n');
    const message = await failure(valid({ tests: '  - file: cases.csv' }));
    expect(message).toContain('cases.csv:2:1 __expect: unknown special column; did you mean "__expected"?');
    expect(message).toContain('cases.csv:3:1 __threshold: expected a number from 0 to 1, got string "high"');
  });

  it('locates problems inside JSONL and JSON suites', async () => {
    await write('cases.jsonl', '{"vars": {}, "assert": [{"type": "regexp", "value": "x"}]}\n{oops\n');
    const jsonl = await failure(valid({ tests: '  - file: cases.jsonl' }));
    expect(jsonl).toContain(
      'cases.jsonl:1:34 assert[0].type: unknown assertion "regexp"; did you mean "regex"?',
    );
    expect(jsonl).toMatch(/cases\.jsonl:2:6 row: invalid JSON: .*; write one JSON object per line/);
    const json = await failure(
      '{\n  "name": "s",\n  "prompts": ["x"],\n  "models": ["openai:gpt-4o"],\n  "tests": [],\n  "concurency": 2\n}',
      'suite.json',
    );
    expect(json).toContain('suite.json:5:12 tests: needs at least 1 item(s); add one');
    expect(json).toContain('suite.json:6:3 concurency: unknown field; did you mean "concurrency"?');
  });

  it('lists every problem in one error', async () => {
    const message = await failure('name: 3\nprompts: []\nmodels: [x]\ntests: [{ vars: 1 }]\nrepat: 2\n');
    expect(message.split('\n')).toHaveLength(5);
  });
});
