// Size limits at load: a string over 1 MiB or a file over 64 MiB is refused with its place, before parsing.
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

describe('loadSuite size limits', () => {
  const big = 'x'.repeat(1024 * 1024 + 1);

  it('refuses a string over 1 MiB in a YAML suite, a JSON suite, a CSV cell and a JSONL row, with its place', async () => {
    expect(await failure(suite({ tests: `  - vars: { q: "${big}" }` }))).toMatch(
      /suite\.yaml:5:1 line: this line has 1048596 characters, over the limit of 1048576/,
    );
    const block = `  - vars:\n      q: |\n${'        xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n'.repeat(11000)}`;
    expect(await failure(suite({ tests: block }))).toMatch(
      /suite\.yaml:6:10 tests\[0\]\.vars\.q: this string has \d+ characters, over the limit of 1048576/,
    );
    const json = JSON.stringify({
      name: 's',
      prompts: ['{{q}}'],
      models: ['openai:m'],
      tests: [{ vars: { q: big } }],
    });
    const jsonError = await loadSuite(await write('suite.json', json)).catch(
      (caught: Error) => caught.message,
    );
    expect(jsonError).toMatch(/suite\.json:1:\d+ tests\[0\]\.vars\.q: this string has 1048577 characters/);
    await write('rows.csv', `q\nsmall\n${big}\n`);
    expect(await failure(suite({ tests: '  - file: rows.csv' }))).toMatch(
      /rows\.csv:3:1 q: this string has 1048577/,
    );
    await write('rows.jsonl', `{"q": "a"}\n{"q": "${big}"}\n`);
    expect(await failure(suite({ tests: '  - file: rows.jsonl' }))).toMatch(
      /rows\.jsonl:2:1 line: this line has/,
    );
  });

  it('refuses a suite or test file over 64 MiB, or a device, before reading it', async () => {
    const huge = await write('huge.yaml', '');
    const { truncate } = await import('node:fs/promises');
    await truncate(huge, 64 * 1024 * 1024 + 1);
    await expect(loadSuite(huge)).rejects.toThrow(/huge\.yaml is 67108865 bytes, over the 64 MiB limit/);
    await write('rows.jsonl', '');
    await truncate(path.join(dir, 'rows.jsonl'), 64 * 1024 * 1024 + 1);
    expect(await failure(suite({ tests: '  - file: rows.jsonl' }))).toMatch(
      /rows\.jsonl is 67108865 bytes, over the 64 MiB limit/,
    );
    await expect(loadSuite('/dev/zero')).rejects.toThrow(/is not a regular file/);
  });
});
