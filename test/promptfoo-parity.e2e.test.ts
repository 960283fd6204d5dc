// End to end: promptfoo projects in test/fixtures/promptfoo, each imported and run by yardstick against a scripted
// model, must give every case the verdict its description states; where promptfoo is installed outside the repo
// (bench/peer/setup-promptfoo.sh), promptfoo runs the same projects against the same model and must agree case by case.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPromptfooDir, findPromptfoo, promptfooEnv } from '../bench/lib/promptfoo.js';
import { loadSuite } from '../src/suite/load-suite.js';
import { type FakeServer, startFakeServer } from '../src/testing/fake-server.js';
import { expectedVerdicts, promptfooVerdicts, yardstickVerdicts } from './helpers/promptfoo-verdicts.js';
import { runCli } from './helpers/run-cli.js';
import { scriptedModel } from './helpers/scripted-model.js';

const fixturesDir = path.join(import.meta.dirname, 'fixtures', 'promptfoo');
const fixtures = readdirSync(fixturesDir).filter((name) =>
  statSync(path.join(fixturesDir, name)).isDirectory(),
);
/** Fixtures with something yardstick has no place for that does not change a verdict (import exits 1). */
const withLeftOut = new Set(['12-weights-refs']);
const install = findPromptfoo();
if (!install) {
  process.stderr.write(
    `promptfoo parity: promptfoo not found under ${defaultPromptfooDir()}; the comparison with promptfoo itself is skipped. Install it outside the repo with bench/peer/setup-promptfoo.sh (or set PROMPTFOO_DIR).\n`,
  );
}

let server: FakeServer;
const projects = new Map<string, string>();

beforeAll(async () => {
  server = await startFakeServer(scriptedModel, { record: false });
});
afterAll(async () => server.close());

/** A copy of the fixture in a temporary folder, pointed at the scripted model. */
const projectOf = (name: string): string => {
  const existing = projects.get(name);
  if (existing) return existing;
  const dir = mkdtempSync(path.join(tmpdir(), `yardstick-pf-${name}-`));
  cpSync(path.join(fixturesDir, name), dir, { recursive: true });
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const full = path.join(dir, file);
    if (!statSync(full).isFile()) continue;
    const text = readFileSync(full, 'utf8');
    if (text.includes('__FAKE_')) {
      writeFileSync(
        full,
        text.replaceAll('__FAKE_URL__', `${server.url}/v1`).replaceAll('__FAKE_ROOT__', server.url),
      );
    }
  }
  projects.set(name, dir);
  return dir;
};

const runPromptfoo = (cwd: string): Promise<{ code: number | null; stderr: string }> =>
  new Promise((resolve, reject) => {
    if (!install) throw new Error('promptfoo is not installed');
    const args = [
      install.entrypoint,
      'eval',
      '-c',
      'promptfooconfig.yaml',
      '--no-cache',
      '--no-progress-bar',
      '--no-table',
      '--no-write',
      '-j',
      '4',
      '-o',
      'promptfoo.json',
    ];
    const env = {
      ...promptfooEnv(install, path.join(cwd, '.promptfoo')),
      // nothing leaves the machine: only the scripted model on 127.0.0.1 is reachable
      HTTPS_PROXY: 'http://127.0.0.1:9',
      HTTP_PROXY: 'http://127.0.0.1:9',
      NO_PROXY: '127.0.0.1,localhost',
      ANTHROPIC_API_KEY: 'test-key',
      PROMPTFOO_DISABLE_DEBUG_LOG: '1',
    };
    const child = spawn(install.node, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });

describe.each(fixtures)('promptfoo project %s', (name) => {
  it('imports and runs in yardstick with the verdict each case states', async () => {
    const cwd = projectOf(name);
    const imported = await runCli(['import', 'promptfoo', 'promptfooconfig.yaml', '-o', 'suite.yaml'], {
      cwd,
    });
    expect(imported.stderr).not.toMatch(/\n\s+at /);
    expect(imported.code, imported.stderr).toBe(withLeftOut.has(name) ? 1 : 0);
    const run = await runCli(['eval', 'promptfooconfig.yaml', '--no-cache', '-o', 'run.json'], {
      cwd,
      env: { OPENAI_API_KEY: 'test-key', ANTHROPIC_API_KEY: 'test-key' },
    });
    expect([0, 1], run.stderr).toContain(run.code);
    const suite = await loadSuite(path.join(cwd, 'suite.yaml'));
    const verdicts = yardstickVerdicts(JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8')), suite);
    expect(verdicts).toEqual(expectedVerdicts(suite));
  });

  const skipped = install
    ? ''
    : ` (skipped: promptfoo not found under ${defaultPromptfooDir()}; install it with bench/peer/setup-promptfoo.sh)`;
  it.skipIf(!install)(
    `gives the same verdicts in promptfoo itself${skipped}`,
    async () => {
      const cwd = projectOf(name);
      const result = await runPromptfoo(cwd);
      const output = JSON.parse(readFileSync(path.join(cwd, 'promptfoo.json'), 'utf8'));
      const suite = await loadSuite(path.join(cwd, 'suite.yaml'));
      expect(promptfooVerdicts(output), result.stderr.slice(-2000)).toEqual(expectedVerdicts(suite));
    },
    120_000,
  );
});
