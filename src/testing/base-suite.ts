// A valid suite that touches every field and assertion kind, and its test files: the seed the fuzz tests mutate.
// Its models never leave the machine: a local function, and OpenAI entries whose key variable is never set.

export const baseSuite = () => ({
  name: 'fuzzed',
  description: 'a suite to break',
  prompts: [
    'Q: {{question}}',
    {
      id: 'chat',
      messages: [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: '{{ question }} {{ extra.deep.0 }}' },
      ],
      tools: [
        {
          name: 'lookup',
          description: 'find',
          parameters: { type: 'object', properties: { q: { type: 'string' } } },
        },
      ],
      toolChoice: 'auto',
    },
  ],
  models: [
    'function:./model.js',
    {
      id: 'function:./model.js',
      label: 'second',
      options: { temperature: 0, maxTokens: 10, timeoutMs: 2000, maxRetries: 0 },
    },
    {
      id: 'openai:fuzz-model',
      baseUrl: 'http://127.0.0.1:9/v1',
      apiKeyEnv: 'FUZZ_KEY_NEVER_SET',
      price: { input: 1, output: 2 },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal syntax users write
      headers: { 'x-team': '${env:FUZZ_TEAM_NEVER_SET}' },
    },
  ],
  judge: { id: 'openai:judge', apiKeyEnv: 'FUZZ_KEY_NEVER_SET' },
  defaults: { vars: { extra: { deep: ['x'] } }, assert: [{ type: 'latency', maxMs: 10000 }], threshold: 0.5 },
  tests: [
    {
      id: 'inline-1',
      description: 'every kind',
      vars: { question: 'hello' },
      assert: [
        { type: 'contains', value: 'hello', ignoreCase: true },
        { type: 'regex', value: '^h', flags: 'i' },
        { type: 'equals', value: { a: 1 } },
        { type: 'json-schema', value: { type: 'object' } },
        { type: 'contains-any', value: ['a', 'b'] },
        { type: 'contains-all', value: ['a'] },
        { type: 'starts-with', value: 'h' },
        { type: 'javascript', value: 'output.length >= 0' },
        { type: 'llm-rubric', value: 'is polite', threshold: 0.5 },
        { type: 'tool-call', name: 'lookup', arguments: { q: 'x' } },
        { type: 'cost', maxUsd: 1 },
        { type: 'is-json', not: true, weight: 2, label: 'not json' },
      ],
    },
    { vars: { question: 'second' }, threshold: 1 },
    { file: 'rows.csv' },
    { file: 'rows.jsonl' },
    { file: 'rows.json' },
    { file: 'rows.yaml' },
  ],
  repeat: 1,
  maxRepeats: 3,
  concurrency: 2,
});

export const baseTestFiles = {
  'model.js': "export default ({ prompt }) => 'answer to ' + String(prompt).length + ' characters';\n",
  'rows.csv':
    '__id,question,__expected,__threshold\ncsv-1,What?,contains: x,0.5\ncsv-2,"with, comma",regex: ^W,\n',
};

/** The rows of a JSONL, JSON or YAML test file: flat vars with special columns, and a full entry. */
export const baseRows = (prefix: string) => [
  { __id: `${prefix}-1`, question: 'flat', __expected: 'starts-with: f', __description: 'flat vars' },
  {
    id: `${prefix}-2`,
    vars: { question: 'full', extra: { deep: ['y'] } },
    assert: [{ type: 'contains', value: 'y' }],
  },
];
