// End to end: the user's own code as the system under test, and resuming a suite that changed.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
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

  const hostileSuite = (extraTests: string, options = '{ timeoutMs: 2000, maxRetries: 0 }') => `name: hostile
prompts:
  - "{{question}}"
models:
  - id: function:./app.js
    options: ${options}
tests:
  - id: fine
    vars: { question: "hi" }
    assert: [ { type: contains, value: "hi" } ]
${extraTests}
`;

  // a function that never settles for one question, with a timer that keeps a thread alive for ever
  const hangingApp = `setInterval(() => {}, 1000);
export default async ({ vars }) => vars.question === 'hang' ? new Promise(() => {}) : 'you said ' + vars.question;
`;

  it('times out a function that never settles, finishes the run and writes every output', async () => {
    const cwd = makeProject({
      'suite.yaml': hostileSuite('  - id: hangs\n    vars: { question: "hang" }'),
      'app.js': hangingApp,
    });
    const started = Date.now();
    const result = await runCli(['eval', 'suite.yaml', '-o', 'run.json', '-o', 'report.html'], { cwd });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/function:\.\/app\.js\s+50\.0%/);
    const report = JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8'));
    expect(report.run.status).toBe('completed');
    const hangs = report.results.find((item: { caseId: string }) => item.caseId === 'hangs');
    expect(hangs.error).toMatchObject({ code: 'E_TIMEOUT', message: 'no complete answer within 2000 ms' });
    expect(report.results.find((item: { caseId: string }) => item.caseId === 'fine').pass).toBe(true);
    expect(existsSync(path.join(cwd, 'report.html'))).toBe(true);
    const runs = await runCli(['runs'], { cwd });
    expect(runs.stdout).toContain('completed');
  });

  it('stops on SIGTERM while a function call hangs with a timer pending, and exits 3', async () => {
    const cwd = makeProject({
      'suite.yaml': hostileSuite('  - id: hangs\n    vars: { question: "hang" }', '{ timeoutMs: 60000 }'),
      'app.js': hangingApp,
    });
    let signalledAt = 0;
    const result = await runCli(['eval', 'suite.yaml', '-o', 'run.json'], {
      cwd,
      onSpawn: (child) => {
        child.stderr?.on('data', (chunk: Buffer) => {
          if (signalledAt === 0 && chunk.toString().includes('calls')) {
            signalledAt = Date.now();
            setTimeout(() => child.kill('SIGTERM'), 300);
          }
        });
      },
    });
    expect(signalledAt).toBeGreaterThan(0);
    expect(Date.now() - signalledAt).toBeLessThan(8000);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('resume with: yardstick eval --resume');
    expect(JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8')).run.status).toBe('aborted');
  });

  it('records a throw, a bad shape and a crashed worker as E_USER_CODE on their cases only', async () => {
    const app = `export default async ({ vars }) => {
  if (vars.question === 'throw') throw new Error('database is down');
  if (vars.question === 'shape') return { answer: 42 };
  if (vars.question === 'crash') { setTimeout(() => { throw new Error('late failure'); }, 0); return new Promise(() => {}); }
  if (vars.question === 'exit') process.exit(0);
  return 'you said ' + vars.question;
};
`;
    const tests = ['throw', 'shape', 'crash', 'exit']
      .map((question) => `  - id: ${question}\n    vars: { question: "${question}" }`)
      .join('\n');
    const cwd = makeProject({ 'suite.yaml': hostileSuite(tests), 'app.js': app });
    const result = await runCli(['eval', 'suite.yaml', '-o', 'run.json'], { cwd });
    expect(result.code).toBe(1);
    const report = JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8'));
    const errorOf = (id: string) =>
      report.results.find((item: { caseId: string }) => item.caseId === id).error;
    expect(errorOf('fine')).toBeNull();
    expect(errorOf('throw')).toEqual({
      code: 'E_USER_CODE',
      message: 'function:./app.js threw: database is down',
    });
    expect(errorOf('shape')).toMatchObject({
      code: 'E_USER_CODE',
      message: expect.stringContaining('expected a string'),
    });
    expect(errorOf('crash')).toMatchObject({
      code: 'E_USER_CODE',
      message: expect.stringContaining('late failure'),
    });
    expect(errorOf('exit')).toMatchObject({
      code: 'E_USER_CODE',
      message: expect.stringContaining('called process.exit(0)'),
    });
  });

  it('keeps running when a javascript check, inline or from a file, calls process.exit(0)', async () => {
    const suite = `name: exiting-checks
prompts:
  - "{{question}}"
models:
  - function:./app.js
tests:
  - id: inline
    vars: { question: "a" }
    assert: [ { type: javascript, value: "process.exit(0)" } ]
  - id: from-file
    vars: { question: "b" }
    assert: [ { type: javascript, file: ./exit-check.mjs } ]
  - id: fine
    vars: { question: "c" }
    assert: [ { type: javascript, value: "output.includes('c')" } ]
`;
    const cwd = makeProject({
      'suite.yaml': suite,
      'app.js': app('v1'),
      'exit-check.mjs': 'export default () => process.exit(0);\n',
    });
    const result = await runCli(['eval', 'suite.yaml', '-o', 'run.json'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/33\.3%/);
    const report = JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8'));
    const reasonOf = (id: string) =>
      report.results.find((item: { caseId: string }) => item.caseId === id).assertions[0].reason;
    expect(reasonOf('inline')).toMatch(
      /^error: javascript check failed: called process\.exit\(0\), which fails this call/,
    );
    expect(reasonOf('from-file')).toMatch(
      /^error: javascript check failed: called process\.exit\(0\), which fails this call/,
    );
    expect(report.results.find((item: { caseId: string }) => item.caseId === 'fine').pass).toBe(true);
  });

  it('bounds a module whose top-level await never settles by the model timeout, with exit 2', async () => {
    const cwd = makeProject({
      'suite.yaml': hostileSuite('', '{ timeoutMs: 500 }'),
      'app.js': 'await new Promise(() => {});\nexport default () => "x";\n',
    });
    const result = await runCli(['eval', 'suite.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('did not finish');
  });

  it('refuses a device as the function module before reading it, with exit 2', async () => {
    const cwd = makeProject({ 'suite.yaml': suite.replace('function:./app.js', 'function:/dev/zero') });
    const result = await runCli(['eval', 'suite.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/dev/zero is not a regular file');
  });
});
