// End to end: the user's own code as the system under test, and resuming a suite that changed.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, runCli } from './helpers/run-cli.js';

const suite = `name: own-code
prompts:
  - "{{question}}"
models:
  - function:./app.js
tests:
  - id: hello
    vars: { question: "hi" }
    assert: [ { type: equals, value: "v1: hi" } ]
`;

const app = (version: string) =>
  `export default async ({ vars }) => ({ output: \`${version}: \${vars.question}\`, costUsd: 0.002 });\n`;

describe('function models', () => {
  it('runs the user module, keeps its reported cost, and never answers an edited module from the cache', async () => {
    const cwd = makeProject({ 'suite.yaml': suite, 'app.js': app('v1') });
    const first = await runCli(['eval', 'suite.yaml', '-o', 'run.json'], { cwd });
    expect(first.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8'));
    expect(report.results[0]).toMatchObject({ output: 'v1: hi', costUsd: 0.002, cacheHit: false });
    expect(report.summary[0].costPer1kUsd).toBeCloseTo(2, 10);

    writeFileSync(path.join(cwd, 'app.js'), app('v2'));
    const second = await runCli(['eval', 'suite.yaml', '-o', 'run.json'], { cwd });
    expect(second.code).toBe(1);
    expect(second.stdout).toContain('got "v2: hi"');
  });

  it('stops before any call, with exit 2, when the module exports no function', async () => {
    const cwd = makeProject({ 'suite.yaml': suite, 'app.js': 'export const answer = 42;\n' });
    const result = await runCli(['eval', 'suite.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/app\.js/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses to resume a run whose suite changed since it started', async () => {
    const cwd = makeProject({ 'suite.yaml': suite, 'app.js': app('v1') });
    const first = await runCli(['eval', 'suite.yaml'], { cwd });
    const runId = /run (\S+): 1 calls/.exec(first.stderr)?.[1];
    expect(runId).toBeDefined();
    appendFileSync(path.join(cwd, 'suite.yaml'), '  - vars: { question: "bye" }\n');
    const resumed = await runCli(['eval', '--resume', runId!], { cwd });
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain(`changed since run ${runId} started, so it cannot be resumed`);
  });
});
