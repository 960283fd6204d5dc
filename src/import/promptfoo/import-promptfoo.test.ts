import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAzureEndpoint } from '../../providers/azure/resolve-azure-endpoint.js';
import { YardstickError } from '../../spec/errors.js';
import { loadSuiteText } from '../../suite/load-suite.js';
import { formatNote } from './import-notes.js';
import { importPromptfoo } from './import-promptfoo.js';
import { renderAdapter } from './provider-adapter.js';
import { adapterPlacer } from './write-adapters.js';
import { writeSuiteYaml } from './write-suite-yaml.js';

/** A project folder with the files; returns the config's path. */
const project = (files: Record<string, string>): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-import-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return path.join(dir, 'promptfooconfig.yaml');
};

const importConfig = async (config: string, files: Record<string, string> = {}) => {
  const configPath = project({ 'promptfooconfig.yaml': config, ...files });
  const dir = path.dirname(configPath);
  const result = await importPromptfoo({ configPath, suiteDir: dir, placeAdapter: adapterPlacer(dir, dir) });
  const text = writeSuiteYaml(result, configPath, dir);
  return {
    result,
    text,
    dir,
    configPath,
    lines: result.notes.map((note) => formatNote({ ...note, file: path.basename(note.file) })),
  };
};

const importError = async (config: string, files: Record<string, string> = {}): Promise<YardstickError> => {
  try {
    await importConfig(config, files);
  } catch (error) {
    if (error instanceof YardstickError) return error;
    throw error;
  }
  throw new Error('the import did not fail');
};

const base = `providers: [openai:gpt-4o-mini]
prompts: ['Q: {{q}}']
`;

describe('importPromptfoo', () => {
  it('lists what it leaves out at its file, line, column and field', async () => {
    const { lines } = await importConfig(`${base}tests:
  - vars: { q: a }
    assert:
      - type: contains
        value: a
      - type: python
        value: len(output) > 3
`);
    expect(lines).toEqual([
      'promptfooconfig.yaml:8:9 tests[0].assert[1]: assertion type "python" has no yardstick equivalent; left out',
    ]);
  });

  it('leaves nothing out silently: every construct without an equivalent is noted', async () => {
    const { lines, text } = await importConfig(`providers:
  - id: openai:chat:gpt-4o-mini
    prompts: [only-this]
    config: { temperature: 0.2, passthrough: { x: 1 } }
prompts: ['{{q}}', '{% if q %}yes{% endif %}']
scenarios: [{ config: [] }]
derivedMetrics: [{ name: f1, value: 'a + b' }]
nunjucksFilters: { up: ./up.js }
env: { OPENAI_API_KEY: sk-not-shown }
defaultTest:
  options: { transform: output.trim() }
tests:
  - vars: { q: a }
    metadata: { team: x }
    provider: openai:gpt-4o
    options: { prefix: 'Say: ' }
    assert:
      - { type: model-graded-closedqa, value: is good }
      - { type: contains, value: a, transform: output.toUpperCase() }
      - { type: assert-set, assert: [{ type: contains, value: a }] }
      - { type: contains, value: a, weight: 0 }
      - { type: javascript, value: 'file://check.js:named' }
      - { type: similar, value: [a, b] }
      - { type: contains-json, value: { type: object } }
      - { type: cost }
`);
    const fields = lines.map((line) => line.split(' ')[1]);
    expect(fields).toEqual([
      'providers[0].prompts:',
      'providers[0].config:',
      'prompts[1]:',
      'scenarios:',
      'derivedMetrics:',
      'nunjucksFilters:',
      'env:',
      'defaultTest.options.transform:',
      'tests[0].metadata:',
      'tests[0].provider:',
      'tests[0].options.prefix:',
      'tests[0].assert[0]:',
      'tests[0].assert[1]:',
      'tests[0].assert[2]:',
      'tests[0].assert[3]:',
      'tests[0].assert[4]:',
      'tests[0].assert[5]:',
      'tests[0].assert[6]:',
      'tests[0].assert[7]:',
    ]);
    expect(lines.every((line) => line.endsWith('; left out'))).toBe(true);
    expect(lines.join('\n')).not.toContain('sk-not-shown');
    expect(text).not.toContain('sk-not-shown');
    expect(text).toContain('# Left out, with no yardstick equivalent (19):');
  });

  it('never copies a key or a credential header into the suite, the notes or an adapter', async () => {
    const { text, result, lines } = await importConfig(
      `providers:
  - id: openai:chat:gpt-4o-mini
    config:
      apiKey: sk-live-123456
      headers: { Authorization: Bearer sk-live-123456, X-Team: blue }
  - id: file://provider.js
    config: { api_key: sk-live-123456, model: m }
prompts: ['{{q}}']
tests: [{ vars: { q: a } }]
`,
      { 'provider.js': 'module.exports = class {}' },
    );
    expect(text).not.toContain('sk-live');
    expect(lines.join('\n')).not.toContain('sk-live');
    expect(result.adapters.map(renderAdapter).join('\n')).not.toContain('sk-live');
    expect(text).toContain('X-Team: blue');
    expect(lines).toHaveLength(3);
  });

  it('writes a suite that loads, with providers, prompts, defaults and tests carried over', async () => {
    const { text, configPath } = await importConfig(
      `description: Flights
providers:
  - id: openai:chat:gpt-4o-mini
    label: mini
    config: { apiBaseUrl: 'http://127.0.0.1:8000/v1', temperature: 0, max_tokens: 64, top_p: 0.5, stop: END, seed: 7, inputCost: 0.000001, outputCost: 0.000002 }
  - id: anthropic:messages:claude-haiku-4-5
    config: { max_tokens: 100, apiKeyEnvar: MY_ANTHROPIC_KEY }
prompts:
  - file://chat.json
defaultTest:
  vars: { airline: Northwind }
  assert: [{ type: latency, threshold: 5000 }]
  threshold: 0.5
  options: { provider: openai:gpt-4o }
tests:
  - description: bags
    vars: { q: How many bags? }
    assert:
      - { type: icontains-any, value: 'kg, pounds' }
      - { type: llm-rubric, value: polite, threshold: 0.7 }
      - { type: not-equals, value: 42 }
`,
      {
        'chat.json':
          '[{"role":"system","content":"You work for {{airline}}."},{"role":"user","content":"{{q}}"}]',
      },
    );
    const suite = await loadSuiteText(path.join(path.dirname(configPath), 'suite.yaml'), text);
    expect(suite.name).toBe('Flights');
    expect(suite.models).toEqual([
      {
        id: 'openai:gpt-4o-mini',
        label: 'mini',
        baseUrl: 'http://127.0.0.1:8000/v1',
        apiKeyEnv: 'OPENAI_API_KEY',
        options: { temperature: 0, maxTokens: 64, topP: 0.5, stop: ['END'], seed: 7 },
        price: { input: 1, output: 2 },
      },
      { id: 'anthropic:claude-haiku-4-5', apiKeyEnv: 'MY_ANTHROPIC_KEY', options: { maxTokens: 100 } },
    ]);
    expect(suite.judge).toEqual({ id: 'openai:gpt-4o' });
    expect(suite.prompts[0]?.messages).toEqual([
      { role: 'system', content: 'You work for {{ airline }}.' },
      { role: 'user', content: '{{ q }}' },
    ]);
    expect(suite.tests).toHaveLength(1);
    expect(suite.tests[0]).toMatchObject({
      description: 'bags',
      vars: { airline: 'Northwind', q: 'How many bags?' },
      threshold: 0.5,
      assert: [
        { type: 'contains-any', value: ['kg', 'pounds'], ignoreCase: true },
        { type: 'llm-rubric', value: 'polite', threshold: 0.7 },
        { type: 'equals', value: '42', not: true },
        { type: 'latency', maxMs: 5000 },
      ],
    });
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*schema\/suite\.schema\.json$/);
  });

  it("turns {{ env.NAME }} in headers into yardstick's env reference, and notes what it cannot carry", async () => {
    const { text, lines, configPath } = await importConfig(`providers:
  - id: google:gemini-2.5-flash
    config:
      apiBaseUrl: '{{ env.GEMINI_BASE }}'
      headers: { X-Team: '{{ env.TEAM }}', X-Other: '{{ team }}', X-Count: 3 }
      generationConfig: { temperature: 0.1, maxOutputTokens: 50, responseMimeType: application/json }
prompts: ['{{q}}']
tests: [{ vars: { q: a } }]
`);
    const suite = await loadSuiteText(path.join(path.dirname(configPath), 'suite.yaml'), text);
    expect(suite.models[0]).toEqual({
      id: 'google:gemini-2.5-flash',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal syntax of yardstick headers
      headers: { 'X-Team': '${env:TEAM}' },
      options: { temperature: 0.1, maxTokens: 50 },
    });
    expect(lines.map((line) => line.split(' ').slice(1).join(' '))).toEqual([
      'providers[0].config.apiBaseUrl: apiBaseUrl is a template (promptfoo fills it from the environment); write the URL; left out',
      'providers[0].config.headers.X-Other: header "X-Other" is not plain text; left out',
      'providers[0].config.headers.X-Count: header "X-Count" is not plain text; left out',
      'providers[0].config.generationConfig: generationConfig "responseMimeType" has no yardstick equivalent; left out',
    ]);
  });

  it('leaves out an apiBaseUrl that is not an http(s) URL, saying why, so the suite still loads', async () => {
    const { text, lines, configPath } = await importConfig(`providers:
  - id: openai:chat:gpt-4o-mini
    config: { apiBaseUrl: ' ' }
  - id: openai:chat:gpt-4o
    config: { apiBaseUrl: 'file:///etc/passwd' }
prompts: ['{{q}}']
tests: [{ vars: { q: a } }]
`);
    const suite = await loadSuiteText(path.join(path.dirname(configPath), 'suite.yaml'), text);
    expect(suite.models.map((model) => model.baseUrl)).toEqual([undefined, undefined]);
    expect(lines.map((line) => line.split(' ').slice(1).join(' '))).toEqual([
      'providers[0].config.apiBaseUrl: apiBaseUrl gives no usable URL: " " is not a URL; write e.g. http://127.0.0.1:8000/v1; left out',
      'providers[1].config.apiBaseUrl: apiBaseUrl gives no usable URL: file: URLs are not supported; a model server is reached over http:// or https://; left out',
    ]);
  });

  it('says what to do instead for provider keys users often set', async () => {
    const { lines } = await importConfig(`providers:
  - id: bedrock:anthropic.claude-3-haiku-20240307-v1:0
    config: { region: eu-west-1, temperature: 0 }
prompts: ['{{q}}']
tests: [{ vars: { q: a } }]
`);
    expect(lines).toEqual([
      'promptfooconfig.yaml:3:23 providers[0].config.region: "region" has no setting here: yardstick reads the AWS region from AWS_REGION; left out',
    ]);
  });

  it("adds /v1 to an Anthropic apiBaseUrl, which promptfoo's SDK adds and yardstick's baseUrl includes", async () => {
    const { text, configPath } = await importConfig(`providers:
  - id: anthropic:messages:claude-haiku-4-5
    config: { apiBaseUrl: 'http://127.0.0.1:8080/' }
prompts: ['{{q}}']
tests: [{ vars: { q: a } }]
`);
    const suite = await loadSuiteText(path.join(path.dirname(configPath), 'suite.yaml'), text);
    expect(suite.models[0]).toMatchObject({
      baseUrl: 'http://127.0.0.1:8080/v1',
      apiKeyEnv: 'ANTHROPIC_API_KEY',
    });
  });

  it('carries an Azure apiHost and apiVersion into the endpoint the azure provider reads', async () => {
    const { text, lines, configPath } = await importConfig(`providers:
  - id: azureopenai:chat:gpt4o-prod
    config: { apiHost: acme.openai.azure.com, apiVersion: 2025-04-01-preview }
  - id: azure:chat:other
    config: { apiHost: acme.openai.azure.com }
prompts: ['{{q}}']
tests: [{ vars: { q: a } }]
`);
    expect(lines).toEqual([]);
    const suite = await loadSuiteText(path.join(path.dirname(configPath), 'suite.yaml'), text);
    const endpoints = suite.models.map((model) =>
      resolveAzureEndpoint({
        modelId: model.id,
        deployment: model.id.slice('azure:'.length),
        baseUrl: model.baseUrl,
        env: {},
      }),
    );
    expect(endpoints.map((endpoint) => endpoint.baseUrl)).toEqual([
      'https://acme.openai.azure.com/openai/deployments/gpt4o-prod?api-version=2025-04-01-preview',
      'https://acme.openai.azure.com/openai/deployments/other?api-version=2024-10-21',
    ]);
  });

  it('leaves out a check that would stop the suite from loading (a pattern that does not compile), with the reason', async () => {
    const { text, lines, configPath } = await importConfig(
      `providers: [openai:gpt-4o-mini]
prompts: ['{{q}}']
tests: file://tests.csv
`,
      { 'tests.csv': 'q,__expected\na,"regex: ("\nb,contains: b\n' },
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/tests\.csv.*regex value would not load: invalid regex/);
    const suite = await loadSuiteText(path.join(path.dirname(configPath), 'suite.yaml'), text);
    expect(suite.tests.map((test) => test.assert.length)).toEqual([0, 1]);
  });

  it('reads an empty endpoint, key variable or label as unset, as promptfoo does', async () => {
    const { text, configPath } = await importConfig(`providers:
  - id: openai:chat:gpt-4o-mini
    label: ''
    config: { apiBaseUrl: '', apiHost: '', apiKeyEnvar: '' }
prompts:
  - { raw: '{{q}}', label: '' }
tests: [{ vars: { q: a } }]
`);
    const suite = await loadSuiteText(path.join(path.dirname(configPath), 'suite.yaml'), text);
    expect(suite.models).toEqual([{ id: 'openai:gpt-4o-mini' }]);
    expect(suite.prompts.map((prompt) => prompt.id)).toEqual(['prompt-1']);
  });

  it('leaves out numbers a suite cannot hold (unsafe integers, infinities) instead of writing a suite that fails to load', async () => {
    const { text, lines, configPath } = await importConfig(`providers:
  - id: openai:chat:gpt-4o-mini
    config: { max_tokens: 9007199254740992, seed: 1e300, inputCost: 1e308, outputCost: 1e308 }
prompts: ['{{q}}']
evaluateOptions: { repeat: 9007199254740992, maxConcurrency: 4 }
tests:
  - vars: { q: a }
    assert:
      - { type: contains, value: a, weight: .inf }
      - { type: similar, value: a, threshold: .nan }
      - { type: cost, threshold: .inf }
`);
    const suite = await loadSuiteText(path.join(path.dirname(configPath), 'suite.yaml'), text);
    expect(suite.models[0]).toEqual({ id: 'openai:gpt-4o-mini' });
    expect(suite.concurrency).toBe(4);
    expect(suite.tests[0]?.assert).toEqual([]);
    expect(lines.map((line) => line.split(': ').slice(1).join(': '))).toEqual([
      'the cost keys do not give an input and an output price in dollars per token; left out',
      'value 9007199254740992 is not a valid maxTokens; left out',
      'value 1e+300 is not a valid seed; left out',
      'evaluateOptions.repeat has no yardstick equivalent in the suite; left out',
      'weight Infinity is not a number ≥ 0; left out',
      'threshold NaN is not a number; left out',
      'threshold Infinity is not a number; left out',
    ]);
  });

  it('reads providers, prompts and defaultTest from the files the config names, in each documented form', async () => {
    const { text, configPath, lines } = await importConfig(
      `providers: file://providers.yaml
prompts:
  - file://prompts.txt
  - file://prompts.jsonl
  - { id: file://prompts.csv, label: ignored-for-rows-with-a-label }
  - { id: file://single.md, label: From markdown }
defaultTest: file://default.yaml
tests: [{ vars: { q: a } }]
`,
      {
        'providers.yaml': '- openai:gpt-4o-mini\n- id: anthropic:claude-haiku-4-5\n  label: haiku\n',
        'prompts.txt': 'First {{q}}\n---\nSecond {{q}}\n',
        'prompts.jsonl': '[{"role":"user","content":"Third {{q}}"}]\n',
        'prompts.csv': 'prompt,label\nFourth {{q}},fourth\n',
        'single.md': '# Fifth\n{{q}}\n',
        'default.yaml': 'assert:\n  - { type: contains, value: a }\n',
      },
    );
    expect(lines).toEqual([]);
    const suite = await loadSuiteText(path.join(path.dirname(configPath), 'suite.yaml'), text);
    expect(suite.models.map((model) => model.label ?? model.id)).toEqual(['openai:gpt-4o-mini', 'haiku']);
    expect(
      suite.prompts.map((prompt) => [prompt.id, prompt.messages.map((message) => message.content)]),
    ).toEqual([
      ['prompt-1', ['First {{ q }}']],
      ['prompt-2', ['Second {{ q }}']],
      ['prompt-3', ['Third {{ q }}']],
      ['fourth', ['Fourth {{ q }}']],
      ['From markdown', ['# Fifth\n{{ q }}\n']],
    ]);
    expect(suite.tests[0]?.assert).toEqual([{ type: 'contains', value: 'a' }]);
    const mapForm = await importConfig(
      `providers: [openai:gpt-4o-mini]
prompts: { 'file://single.md': From markdown }
tests: [{ vars: { q: a } }]
`,
      { 'single.md': '{{q}}' },
    );
    expect(mapForm.result.suite.prompts).toEqual([
      { id: 'From markdown', messages: [{ role: 'user', content: '{{ q }}' }] },
    ]);
  });

  it('gives identical tests (which promptfoo runs twice) ids that tell them apart', async () => {
    const { text, configPath } = await importConfig(`${base}tests:
  - vars: { q: same }
  - vars: { q: same }
  - vars: { q: [same, other] }
`);
    const suite = await loadSuiteText(path.join(path.dirname(configPath), 'suite.yaml'), text);
    expect(suite.tests.map((test) => test.vars.q)).toEqual(['same', 'same', 'same', 'other']);
    expect(new Set(suite.tests.map((test) => test.id)).size).toBe(4);
  });

  it('says when a prompt renders to JSON, which promptfoo would send as chat messages', async () => {
    const { lines } = await importConfig(`providers: [openai:gpt-4o-mini]
prompts: ['{{ conversation }}']
tests:
  - vars: { conversation: plain text }
  - vars: { conversation: '[{"role": "user", "content": "hi"}]' }
`);
    expect(lines).toEqual([
      'promptfooconfig.yaml:2:11 prompts[0]: for some tests (the first: test 2) it renders to JSON, which promptfoo sends as chat messages (or refuses); yardstick sends the text',
    ]);
  });

  it('refuses a malformed config with every problem located, as exit 2', async () => {
    const error = await importError(`providers: [openai:gpt-4o-mini]
prompts: [{ label: x }]
tests:
  - vars: 3
  - assert: { type: contains }
  - file://missing.csv
`);
    expect(error.code).toBe('E_SUITE_INVALID');
    expect(error.message.split('\n').map((line) => line.replace(/^.*promptfooconfig\.yaml:/, ''))).toEqual([
      '2:11 prompts[0]: expected a prompt text, a file:// path or { raw | id, label }, got an object',
      '4:11 tests[0].vars: expected a map of vars or the path of a YAML file of vars, got number 3',
      '5:13 tests[1].assert: assert must be a list of assertions',
      expect.stringMatching(
        /^6:5 tests\[2\]: file not found: .*missing\.csv; paths are relative to the file that names them$/,
      ),
    ]);
  });

  it('refuses a file that is not YAML with the syntax error located', async () => {
    const error = await importError('providers: [openai:gpt-4o-mini\nprompts: x\n');
    expect(error.code).toBe('E_SUITE_INVALID');
    expect(error.message).toMatch(/promptfooconfig\.yaml:\d+:\d+ syntax: /);
  });

  it('refuses references that would expand without end', async () => {
    const lines = [
      'providers: [openai:gpt-4o-mini]',
      "prompts: ['x']",
      'a0: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]',
    ];
    for (let level = 1; level <= 8; level++)
      lines.push(
        `a${level}: [${Array(10)
          .fill(`{ $ref: '#/a${level - 1}' }`)
          .join(', ')}]`,
      );
    lines.push("tests: [{ vars: { q: { $ref: '#/a8' } } }]");
    const error = await importError(`${lines.join('\n')}\n`);
    expect(error.message).toContain('the $ref references expand to more than 1,000,000 values');
  });
});
