import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

const fullSuite = `name: flight-faq
description: FAQ answers
prompts:
  - id: answer
    messages:
      - { role: system, content: "You are the FAQ assistant of {{airline}}." }
      - { role: user, content: "Q: {{question}}" }
    toolChoice: auto
  - "Short: {{question}}"
tools:
  - { name: lookup, parameters: { type: object } }
models:
  - id: openai:gpt-4o-mini
  - id: openai:qwen2.5-7b-instruct
    label: qwen-local
    baseUrl: http://127.0.0.1:8000/v1
    apiKeyEnv: LOCAL_KEY
    headers: { X-Team: a }
    price: { input: 0.15, output: 0.60, cachedInput: 0.075 }
    options: { temperature: 0, maxTokens: 256, stream: true, responseFormat: json }
  - function:./baseline.js
judge: openai:gpt-4o
embedding: { id: openai:text-embedding-3-small }
defaults:
  assert: [ { type: latency, maxMs: 10000 } ]
  vars: { airline: Acme, question: default }
  threshold: 1
tests:
  - id: bags
    vars: { question: "How many bags can I check?" }
    assert:
      - { type: contains, value: "23 kg", weight: 2 }
      - { type: llm-rubric, value: "polite", provider: "anthropic:claude-3-5-haiku" }
    threshold: 0.8
  - vars: { question: "Pets?" }
    assert: [ { type: javascript, value: "output.length > 0" } ]
repeat: 2
`;

describe('loadSuite', () => {
  it('loads a full suite with normalised models, prompts and defaults', async () => {
    const suite = await loadSuite(await write('suite.yaml', fullSuite));
    expect(suite.name).toBe('flight-faq');
    expect(suite.filePath).toBe(path.join(dir, 'suite.yaml'));
    expect(suite.dir).toBe(dir);
    expect(suite.prompts.map((prompt) => prompt.id)).toEqual(['answer', 'prompt-2']);
    expect(suite.prompts[0]?.messages[1]).toEqual({ role: 'user', content: 'Q: {{question}}' });
    expect(suite.prompts[0]?.tools?.[0]?.name).toBe('lookup');
    expect(suite.prompts[1]).toMatchObject({ messages: [{ role: 'user', content: 'Short: {{question}}' }] });
    expect(suite.models.map((model) => model.id)).toEqual([
      'openai:gpt-4o-mini',
      'openai:qwen2.5-7b-instruct',
      'function:./baseline.js',
    ]);
    expect(suite.models[1]?.price).toEqual({ input: 0.15, output: 0.6, cachedInput: 0.075 });
    expect(suite.judge).toEqual({ id: 'openai:gpt-4o' });
    expect(suite.embedding).toEqual({ id: 'openai:text-embedding-3-small' });
    expect(suite.repeat).toBe(2);
    expect(suite.concurrency).toBe(8);
    expect(suite.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('merges defaults under each test and appends default asserts', async () => {
    const suite = await loadSuite(await write('suite.yaml', fullSuite));
    const [bags, pets] = suite.tests;
    expect(bags).toMatchObject({
      id: 'bags',
      vars: { airline: 'Acme', question: 'How many bags can I check?' },
      threshold: 0.8,
      source: { file: path.join(dir, 'suite.yaml'), line: 29 },
    });
    expect(bags?.assert.map((assertion) => assertion.type)).toEqual(['contains', 'llm-rubric', 'latency']);
    expect(bags?.assert[1]).toMatchObject({ provider: { id: 'anthropic:claude-3-5-haiku' } });
    expect(pets?.id).toMatch(/^t-[0-9a-f]{10}$/);
    expect(pets?.threshold).toBe(1);
    expect(pets?.source.line).toBe(35);
  });

  it('gives derived ids that survive reloads and key reordering but change with content', async () => {
    const body = (vars: string) =>
      `name: s\nprompts: ["{{a}}"]\nmodels: [openai:gpt-4o]\ntests:\n  - vars: ${vars}\n    assert: [{ type: is-json }]\n`;
    const first = await loadSuite(await write('a.yaml', body('{ a: 1, b: 2 }')));
    const again = await loadSuite(await write('a.yaml', body('{ b: 2, a: 1 }')));
    const changed = await loadSuite(await write('b.yaml', body('{ a: 1, b: 3 }')));
    expect(again.tests[0]?.id).toBe(first.tests[0]?.id);
    expect(again.hash).toBe(first.hash);
    expect(changed.tests[0]?.id).not.toBe(first.tests[0]?.id);
    expect(changed.hash).not.toBe(first.hash);
  });

  it('accepts a JSON suite', async () => {
    const json = JSON.stringify({
      name: 'j',
      prompts: ['{{q}}'],
      models: ['openai:gpt-4o'],
      tests: [{ vars: { q: 1 } }],
    });
    const suite = await loadSuite(await write('suite.json', json));
    expect(suite.tests[0]?.vars).toEqual({ q: 1 });
  });
});

describe('loadSuite test files', () => {
  const suiteWith = (file: string) =>
    `name: s\nprompts: ["{{question}}"]\nmodels: [openai:gpt-4o]\ndefaults:\n  vars: { lang: en }\ntests:\n  - file: ${file}\n`;

  it('turns CSV rows into tests with vars, ids, __expected and source lines', async () => {
    await write(
      'cases.csv',
      [
        'question,__id,__expected,__threshold',
        'Bags?,bags,contains: 23 kg,0.5',
        '"Two',
        'lines",,regex: ^\\d+$,',
        'Pets?,,starts-with: Yes,',
        'Meals?,,No meals,',
      ].join('\n'),
    );
    const suite = await loadSuite(await write('suite.yaml', suiteWith('cases.csv')));
    const file = path.join(dir, 'cases.csv');
    expect(suite.tests.map((test) => test.source)).toEqual([2, 3, 5, 6].map((line) => ({ file, line })));
    expect(suite.tests[0]).toMatchObject({
      id: 'bags',
      vars: { lang: 'en', question: 'Bags?' },
      threshold: 0.5,
      assert: [{ type: 'contains', value: '23 kg' }],
    });
    expect(suite.tests[1]?.vars.question).toBe('Two\nlines');
    expect(suite.tests[1]?.assert).toEqual([{ type: 'regex', value: '^\\d+$' }]);
    expect(suite.tests[2]?.assert).toEqual([{ type: 'starts-with', value: 'Yes' }]);
    expect(suite.tests[3]?.assert).toEqual([{ type: 'equals', value: 'No meals' }]);
    expect(suite.tests[3]?.id).toMatch(/^t-[0-9a-f]{10}$/);
  });

  it('reads JSONL rows as vars or full test entries', async () => {
    await write(
      'cases.jsonl',
      '{"question": "Bags?"}\n\n{"id": "full", "vars": {"question": "Pets?"}, "assert": [{"type": "is-json"}]}\n',
    );
    const suite = await loadSuite(await write('suite.yaml', suiteWith('cases.jsonl')));
    expect(suite.tests.map((test) => [test.vars.question, test.source.line])).toEqual([
      ['Bags?', 1],
      ['Pets?', 3],
    ]);
    expect(suite.tests[1]).toMatchObject({ id: 'full', assert: [{ type: 'is-json' }] });
  });

  it('reads YAML lists and JSON arrays', async () => {
    await write(
      'cases.yaml',
      '- question: Bags?\n- vars: { question: Pets? }\n  assert: [{ type: contains, value: x }]\n',
    );
    await write('cases.json', '[\n  {"question": "Meals?", "__expected": "contains: no"}\n]');
    const suite = await loadSuite(
      await write(
        'suite.yaml',
        `${suiteWith('cases.yaml')}  - file: cases.json\n  - vars: { question: inline }\n`,
      ),
    );
    expect(suite.tests.map((test) => [test.vars.question, test.source.line])).toEqual([
      ['Bags?', 1],
      ['Pets?', 2],
      ['Meals?', 2],
      ['inline', 9],
    ]);
    expect(suite.tests[2]?.assert).toEqual([{ type: 'contains', value: 'no' }]);
  });
});
