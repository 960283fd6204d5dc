// Checks made at load, before any model call: patterns, schemas and inline code compile, URLs and headers
// are sendable, and every count a user controls has a bound.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
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

const write = async (name: string, content: string | Buffer): Promise<string> => {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
};

const failure = async (content: string): Promise<string> => {
  const error: unknown = await loadSuite(await write('suite.yaml', content)).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isYardstickError(error)) throw new Error(`expected a YardstickError, got ${String(error)}`);
  expect(error.code).toBe('E_SUITE_INVALID');
  return error.message;
};

const suite = ({ models = '[openai:gpt-4o]', tests = '  - vars: { q: a }', extra = '' } = {}) =>
  `name: s\nprompts: ["{{q}}"]\nmodels: ${models}\ntests:\n${tests}\n${extra}`;

const withAssert = (assertion: string) =>
  suite({ tests: `  - vars: { q: a }\n    assert:\n      - ${assertion}` });

describe('loadSuite checks before any call', () => {
  it('reports an invalid inline regex or flag at its file:line:col', async () => {
    expect(await failure(withAssert('{ type: regex, value: "(unclosed" }'))).toMatch(
      /suite\.yaml:7:31 tests\[0\]\.assert\[0\]\.value: invalid regex: .*Unterminated group; fix the pattern/,
    );
    expect(await failure(withAssert('{ type: regex, value: "a", flags: "ii" }'))).toMatch(
      /suite\.yaml:7:\d+ tests\[0\]\.assert\[0\]\.value: invalid regex: .*flags/,
    );
  });

  it('reports an invalid inline JSON Schema, also in a test file and in defaults', async () => {
    expect(await failure(withAssert('{ type: json-schema, value: { type: strnig } }'))).toMatch(
      /suite\.yaml:7:37 tests\[0\]\.assert\[0\]\.value: invalid JSON Schema: .*type/,
    );
    await write(
      'rows.jsonl',
      '{"vars": {"q": "b"}, "assert": [{"type": "json-schema", "value": {"minimum": "x"}}]}\n',
    );
    expect(await failure(suite({ tests: '  - file: rows.jsonl' }))).toMatch(
      /rows\.jsonl:1:\d+ assert\[0\]\.value: invalid JSON Schema/,
    );
    const defaults = 'defaults:\n  assert:\n    - { type: regex, value: "[z-a]" }\n';
    expect(await failure(suite({ extra: defaults }))).toMatch(
      /suite\.yaml:8:\d+ defaults\.assert\[0\]\.value: invalid regex/,
    );
  });

  it('reports inline javascript that does not compile', async () => {
    expect(await failure(withAssert('{ type: javascript, value: "output ===" }'))).toMatch(
      /suite\.yaml:7:\d+ tests\[0\]\.assert\[0\]\.value: javascript does not compile: /,
    );
  });

  it('refuses a baseUrl that is not http(s) and a header with a line break', async () => {
    const fileUrl = suite({ models: '\n  - { id: openai:m, baseUrl: "file:///etc/passwd" }' });
    expect(await failure(fileUrl)).toMatch(
      /suite\.yaml:4:\d+ models\[0\]\.baseUrl: file: URLs are not supported; .*http:\/\/ or https:\/\//,
    );
    const crlf = suite({ models: '\n  - { id: openai:m, headers: { X-Team: "a\\r\\nX-Evil: 1" } }' });
    expect(await failure(crlf)).toMatch(
      /suite\.yaml:4:\d+ models\[0\]\.headers\.X-Team: the value has a line break/,
    );
    const badName = suite({ models: '\n  - { id: openai:m, headers: { "X Team": "a" } }' });
    expect(await failure(badName)).toMatch(/models\[0\]\.headers\.X Team: header name "X Team"/);
  });

  it('refuses, at load, the connection headers that would fail every call, and keeps the ones that work', async () => {
    for (const [name, value] of [
      ['Transfer-Encoding', 'chunked'],
      ['keep-alive', 'timeout=5'],
      ['Upgrade', 'websocket'],
      ['Expect', '100-continue'],
      ['content-length', '12'],
      ['Connection', 'upgrade'],
    ] as const) {
      const header = suite({ models: `\n  - { id: openai:m, headers: { ${name}: "${value}" } }` });
      expect(await failure(header)).toMatch(
        new RegExp(
          `suite\\.yaml:4:\\d+ models\\[0\\]\\.headers\\.${name}: header "${name}" cannot be set here: .*; remove it`,
        ),
      );
    }
    const fine = suite({ models: '\n  - { id: openai:m, headers: { Connection: close, X-Team: search } }' });
    await expect(loadSuite(await write('suite.yaml', fine))).resolves.toBeDefined();
  });

  it('bounds concurrency, repeats, timeouts and retries', async () => {
    expect(await failure(suite({ extra: 'concurrency: 10000000\n' }))).toContain(
      'suite.yaml:6:14 concurrency: must be at most 1000, got 10000000',
    );
    expect(await failure(suite({ extra: 'repeat: 1000000000\n' }))).toMatch(/suite\.yaml:6:9 repeat: .*1000/);
    expect(await failure(suite({ extra: 'repeat: auto\nmaxRepeats: 5000\n' }))).toContain(
      'maxRepeats: must be at most 100, got 5000',
    );
    const options =
      '\n  - { id: openai:m, options: { timeoutMs: 100000000000, maxRetries: 1000000, concurrency: 5000 } }';
    const message = await failure(suite({ models: options }));
    expect(message).toContain('models[0].options.timeoutMs: must be at most 86400000');
    expect(message).toContain('models[0].options.maxRetries: must be at most 100');
    expect(message).toContain('models[0].options.concurrency: must be at most 1000');
  });
});

describe('loadSuite on random user patterns, schemas and code', () => {
  it('loads or refuses with E_SUITE_INVALID, never another error, for any regex, schema or inline code', async () => {
    const assertion = fc.oneof(
      fc.record({
        type: fc.constant('regex'),
        value: fc.string(),
        flags: fc.stringMatching(/^[dgimsuvyx]{0,3}$/),
      }),
      fc.record({ type: fc.constant('json-schema'), value: fc.dictionary(fc.string(), fc.jsonValue()) }),
      fc.record({ type: fc.constant('javascript'), value: fc.string() }),
    );
    await fc.assert(
      fc.asyncProperty(assertion, async (generated) => {
        const content = JSON.stringify({
          name: 's',
          prompts: ['{{q}}'],
          models: ['openai:m'],
          tests: [{ vars: { q: 'a' }, assert: [generated] }],
        });
        const file = await write('suite.json', content);
        const outcome = await loadSuite(file).then(
          () => 'loaded',
          (error: unknown) => (isYardstickError(error) ? error.code : String(error)),
        );
        expect(['loaded', 'E_SUITE_INVALID']).toContain(outcome);
      }),
      { numRuns: 300, seed: 8 },
    );
  });
});
