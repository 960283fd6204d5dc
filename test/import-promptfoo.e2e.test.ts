// End to end: `yardstick import promptfoo` (exit codes, stdout or -o, the left-out list) and `yardstick eval` on a
// promptfoo config, imported in memory, against the scripted model.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../src/testing/fake-server.js';
import { makeProject, runCli } from './helpers/run-cli.js';
import { scriptedModel } from './helpers/scripted-model.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer(scriptedModel, { record: false });
});
afterAll(async () => server.close());

const config = (extraAssert = '') => `description: Greetings
prompts: ['REPLY<<{{reply}}>>']
providers:
  - id: openai:chat:gpt-4o-mini
    config: { apiBaseUrl: '${server.url}/v1' }
tests:
  - vars: { reply: Hello Ada }
    assert:
      - { type: icontains, value: hello }${extraAssert}
  - vars: { reply: Bye }
    assert:
      - { type: starts-with, value: Hello }
`;

const python = '\n      - { type: python, value: len(output) > 3 }';

describe('yardstick import promptfoo', () => {
  it('prints the suite on stdout and exits 0 when everything maps', async () => {
    const cwd = makeProject({ 'promptfooconfig.yaml': config() });
    const result = await runCli(['import', 'promptfoo', 'promptfooconfig.yaml'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^# yaml-language-server: \$schema=/);
    expect(result.stdout).toContain('name: Greetings');
    expect(result.stderr).toContain('imported 2 tests, 1 prompts and 1 models to stdout; 0 left out');
  });

  it('writes the suite with -o, lists what it left out on stderr and in the file, and exits 1', async () => {
    const cwd = makeProject({ 'promptfooconfig.yaml': config(python) });
    const result = await runCli(['import', 'promptfoo', 'promptfooconfig.yaml', '-o', 'suite.yaml'], { cwd });
    expect(result.code).toBe(1);
    const line =
      'promptfooconfig.yaml:10:9 tests[0].assert[1]: assertion type "python" has no yardstick equivalent; left out';
    expect(result.stderr).toContain(`${line}\n`);
    expect(readFileSync(path.join(cwd, 'suite.yaml'), 'utf8')).toContain(`#   ${line}`);
  });

  it('exits 2 with located problems, and no stack trace, for a malformed config', async () => {
    const cwd = makeProject({
      'promptfooconfig.yaml': 'providers: [openai:gpt-4o-mini]\nprompts: [x]\ntests:\n  - assert: 3\n',
    });
    const result = await runCli(['import', 'promptfoo', 'promptfooconfig.yaml', '-o', 'suite.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'promptfooconfig.yaml:4:13 tests[0].assert: assert must be a list of assertions',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(cwd, 'suite.yaml'))).toBe(false);
  });

  it('exits 2 for a missing config, a missing source name, or -o naming the config itself', async () => {
    const cwd = makeProject({ 'promptfooconfig.yaml': config() });
    const missing = await runCli(['import', 'promptfoo', 'nope.yaml'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('promptfoo config nope.yaml cannot be read; check the path');
    expect((await runCli(['import', 'promptfooconfig.yaml'], { cwd })).code).toBe(2);
    const overwrite = await runCli(
      ['import', 'promptfoo', 'promptfooconfig.yaml', '-o', 'promptfooconfig.yaml'],
      { cwd },
    );
    expect(overwrite.code).toBe(2);
    expect(readFileSync(path.join(cwd, 'promptfooconfig.yaml'), 'utf8')).toBe(config());
  });
});

describe('yardstick eval on a promptfoo config', () => {
  it('imports it in memory, prints what was left out, and runs it', async () => {
    const cwd = makeProject({ 'promptfooconfig.yaml': config(python) });
    const result = await runCli(['eval', 'promptfooconfig.yaml', '-o', 'run.json'], {
      cwd,
      env: { OPENAI_API_KEY: 'k' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'tests[0].assert[1]: assertion type "python" has no yardstick equivalent; left out',
    );
    expect(result.stderr).toContain('promptfoo config imported: 1 left out');
    const run = JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8'));
    expect(run.results.map((item: { pass: boolean }) => item.pass)).toEqual([true, false]);
    expect(existsSync(path.join(cwd, 'suite.yaml'))).toBe(false);
  });

  it('knows a promptfoo config by its shape under any name, and resumes it by its path', async () => {
    const cwd = makeProject({ 'greetings.yaml': config() });
    const first = await runCli(['eval', 'greetings.yaml'], { cwd, env: { OPENAI_API_KEY: 'k' } });
    expect(first.code).toBe(1);
    const runId = /run (\S+): 2 calls/.exec(first.stderr)?.[1];
    expect(runId).toBeDefined();
    const resumed = await runCli(['eval', '--resume', runId!], { cwd, env: { OPENAI_API_KEY: 'k' } });
    expect(resumed.stderr).not.toContain('cannot be resumed');
    expect(resumed.code).toBe(1);
  });
});
