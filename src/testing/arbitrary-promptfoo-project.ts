// Random promptfoo projects for the import's fuzz test: configs built from promptfoo's shapes, with hostile values
// (wrong types, template syntax, odd numbers) in their places, plus the CSV and JSONL test files they name.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { interestingStrings } from './hostile-values.js';

export interface PromptfooProject {
  files: Record<string, string>;
}

const text = fc.oneof(
  fc.constantFrom(...interestingStrings.filter((value) => value.length < 100)),
  fc.constantFrom(
    'hello',
    'Paris',
    'a, b, "c, d"',
    '{{ q }}',
    '{{ q | upper }}',
    '{{ user.name }}',
    '{% if q %}x{% endif %}',
    '{{ q | nope }}',
    'file://missing.txt',
  ),
  fc.string({ maxLength: 12 }),
);

const scalar = fc.oneof(
  text,
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.oneof(
  scalar,
  fc.array(text, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('type', 'a', 'name'), scalar, { maxKeys: 2 }),
);

const assertionType = fc.constantFrom(
  'equals',
  'contains',
  'icontains',
  'contains-any',
  'contains-all',
  'icontains-any',
  'icontains-all',
  'regex',
  'starts-with',
  'is-json',
  'contains-json',
  'javascript',
  'similar',
  'llm-rubric',
  'cost',
  'latency',
  'python',
  'levenshtein',
  'assert-set',
  'model-graded-closedqa',
  'not-contains',
  'not-regex',
  'not-similar',
  'bogus',
  '',
);

const assertion = fc.oneof(
  {
    weight: 9,
    arbitrary: fc.record(
      {
        type: assertionType,
        value,
        threshold: fc.oneof(fc.double({ min: -1, max: 2, noNaN: true }), fc.constant(0.5)),
        weight: fc.oneof(fc.constantFrom(0, 1, 2, -1), fc.double({ noNaN: true })),
        metric: text,
        provider: fc.constantFrom('openai:gpt-4o', 'openai:embedding:x', 'python:x.py', 7),
        transform: fc.constant('output.trim()'),
      },
      { requiredKeys: ['type'] },
    ),
  },
  { weight: 1, arbitrary: value },
);

const vars = fc.oneof(
  {
    weight: 9,
    arbitrary: fc.dictionary(fc.constantFrom('q', 'user', 'answer', 'list', 'x'), value, { maxKeys: 4 }),
  },
  { weight: 1, arbitrary: text },
);

const test = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        description: text,
        vars,
        assert: fc.oneof(
          { weight: 9, arbitrary: fc.array(assertion, { maxLength: 4 }) },
          { weight: 1, arbitrary: value },
        ),
        threshold: fc.oneof(fc.double({ min: -1, max: 2, noNaN: true }), text),
        options: fc.record(
          { provider: fc.constantFrom('openai:gpt-4o', 'x'), transform: text },
          { requiredKeys: [] },
        ),
        metadata: fc.dictionary(fc.constantFrom('k'), text, { maxKeys: 1 }),
      },
      { requiredKeys: [] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'file://tests.csv',
      'file://tests.jsonl',
      'file://broken.jsonl',
      'file://nope.yaml',
      'file://gen.py',
    ),
  },
  { weight: 1, arbitrary: scalar },
);

const provider = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      'openai:gpt-4o-mini',
      'openai:chat:gpt-4o',
      'anthropic:messages:claude-x',
      'vertex:gemini',
      'azure:chat:d',
      'bedrock:m',
      'python:p.py',
      'file://p.js',
      'file://p.ts',
      'echo',
      '',
    ),
  },
  {
    weight: 4,
    arbitrary: fc.record(
      {
        id: fc.constantFrom('openai:chat:gpt-4o-mini', 'openai:x', 'file://p.js', 'exec:x'),
        label: text,
        config: fc.dictionary(
          fc.constantFrom(
            'temperature',
            'max_tokens',
            'apiBaseUrl',
            'apiKey',
            'headers',
            'stop',
            'cost',
            'tools',
          ),
          value,
          { maxKeys: 4 },
        ),
        prompts: fc.array(text, { maxLength: 1 }),
      },
      { requiredKeys: ['id'] },
    ),
  },
  { weight: 1, arbitrary: scalar },
);

const prompt = fc.oneof(
  text,
  fc.constantFrom(
    '[{"role": "system", "content": "{{ x }}"}, {"role": "user", "content": "{{ q }}"}]',
    '[{"role": "tool", "content": "x"}]',
    '- role: user\n  content: "{{ q }}"',
    'file://prompts.txt',
    'file://p.py',
    '{"a": 1}',
  ),
  fc.record({ raw: text, label: text }, { requiredKeys: ['raw'] }),
);

const csvCell = fc.constantFrom(
  '',
  'Paris',
  'contains: Paris',
  'regex: (',
  'fn: output.length',
  'similar(0.9):x',
  'contains-any: a, "b',
  'grade: polite',
  '"quoted, cell"',
);

/** A promptfoo project: `promptfooconfig.yaml` plus the files it may name (some named files are missing). */
export const arbitraryPromptfooProject: fc.Arbitrary<PromptfooProject> = fc
  .record({
    providers: fc.oneof(fc.array(provider, { maxLength: 3 }), provider),
    prompts: fc.oneof(fc.array(prompt, { maxLength: 3 }), prompt),
    tests: fc.oneof(fc.array(test, { maxLength: 4 }), test),
    defaultTest: fc.record(
      { vars, assert: fc.array(assertion, { maxLength: 2 }), threshold: fc.double({ noNaN: true }) },
      { requiredKeys: [] },
    ),
    extra: fc.dictionary(
      fc.constantFrom('scenarios', 'env', 'evaluateOptions', 'description', 'derivedMetrics'),
      value,
      { maxKeys: 2 },
    ),
    rows: fc.array(fc.tuple(text, csvCell, csvCell), { maxLength: 3 }),
  })
  .map(({ rows, extra, ...config }) => {
    const csv = [
      'q,__expected,__expected2',
      ...rows.map((row) => row.map((cell) => JSON.stringify(String(cell))).join(',')),
    ].join('\n');
    return {
      files: {
        'promptfooconfig.yaml': stringify({ ...extra, ...config }),
        'tests.csv': csv,
        'tests.jsonl':
          '{"vars": {"q": "a"}, "assert": [{"type": "contains", "value": "a"}]}\n\n{"vars": {"q": 1}}\n',
        'broken.jsonl': '{"vars": {"q": "a"}}\n{broken\n',
        'prompts.txt': 'one {{ q }}\n---\ntwo {{ q | lower }}\n',
        'p.js': 'module.exports = class { async callApi(p) { return { output: p }; } };\n',
      },
    };
  });
