// End to end on the built CLI: table, JSON and JUnit outputs, exit codes, the cache, skipped models, suite errors.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeServer,
  openaiChatCompletion,
  type RecordedRequest,
  startFakeServer,
} from '../src/testing/fake-server.js';
import { makeProject, runCli } from './helpers/run-cli.js';
import { fakeModelSuite, numberOf } from './helpers/suites.js';

/** Answers "answer N" to "number N", except for N in `wrong`, which get a wrong answer. */
const answering =
  (wrong: Set<string> = new Set()) =>
  (request: RecordedRequest) => {
    const n = numberOf(request);
    return {
      status: 200,
      json: openaiChatCompletion({
        content: wrong.has(n) ? 'I do not know' : `answer ${n}`,
        usage: { prompt_tokens: 1000, completion_tokens: 500 },
      }),
    };
  };

const env = { FAKE_KEY: 'sk-test-secret-123' };

describe('yardstick eval on a fake OpenAI-compatible server', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('prints the table, writes JSON and JUnit, and exits 0 when every case passes', async () => {
    server.respondWith(answering());
    const cwd = makeProject({ 'suite.yaml': fakeModelSuite({ baseUrl: server.url, cases: 4 }) });
    const result = await runCli(['eval', 'suite.yaml', '-o', 'out/run.json', '-o', 'out/run.xml'], {
      cwd,
      env,
    });

    expect(result.stderr).not.toMatch(/^(internal )?error/m);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/openai:fake-model\s+100\.0%/);
    expect(result.stdout).toContain('4/4 passed');

    const report = JSON.parse(readFileSync(path.join(cwd, 'out/run.json'), 'utf8'));
    expect(report.run).toMatchObject({ suite: 'e2e', status: 'completed' });
    expect(report.run.startedAt).toBeTypeOf('string');
    expect(report.run.finishedAt).toBeTypeOf('string');
    const [row] = report.summary;
    expect(row).toMatchObject({
      model: 'openai:fake-model',
      prompt: 'ask',
      cases: 4,
      passed: 4,
      failed: 0,
      errors: 0,
      passRate: 1,
    });
    expect(row.passRateCi95[0]).toBeCloseTo(0.5101, 3);
    expect(row.passRateCi95[1]).toBe(1);
    // 1000 input tokens at $1/M plus 500 output tokens at $2/M = $0.002 a case
    expect(row.costUsd).toBeCloseTo(0.008, 10);
    expect(row.costPer1kUsd).toBeCloseTo(2, 10);
    expect(row.tokens).toEqual({ input: 1000, output: 500 });
    expect(row.latencyMs.p50).toBeTypeOf('number');
    expect(report.results).toHaveLength(4);
    expect(report.results[0]).toMatchObject({
      model: 'openai:fake-model',
      prompt: 'ask',
      repeat: 0,
      pass: true,
      score: 1,
      error: null,
      tokens: { input: 1000, output: 500 },
    });
    expect(report.results[0].assertions[0]).toMatchObject({ type: 'contains', pass: true });

    const xml = readFileSync(path.join(cwd, 'out/run.xml'), 'utf8');
    expect(xml).toContain('<testsuite name="openai:fake-model" tests="4" failures="0" errors="0">');
    expect(xml.match(/<testcase /g)).toHaveLength(4);

    // the key was sent to the server, and never written to the outputs or the store
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer sk-test-secret-123');
    for (const file of ['out/run.json', 'out/run.xml', '.yardstick/yardstick.db']) {
      expect(readFileSync(path.join(cwd, file)).includes('sk-test-secret-123')).toBe(false);
    }
  });

  it('exits 1 below the threshold, lists the failed cases, and exits 0 when --threshold allows it', async () => {
    server.respondWith(answering(new Set(['1'])));
    const cwd = makeProject({ 'suite.yaml': fakeModelSuite({ baseUrl: server.url, cases: 4 }) });
    const failing = await runCli(['eval', 'suite.yaml', '--no-cache', '-o', 'run.xml'], { cwd, env });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('failed cases (1)');
    expect(failing.stdout).toContain('case-1: contains: expected output to contain "answer 1"');
    const xml = readFileSync(path.join(cwd, 'run.xml'), 'utf8');
    expect(xml).toMatch(
      /<testcase name="case-1"[^>]*>\s*<failure message="contains: expected output to contain &quot;answer 1&quot;"/,
    );

    const lenient = await runCli(['eval', 'suite.yaml', '--no-cache', '--threshold', '0.75'], { cwd, env });
    expect(lenient.code).toBe(0);
  });

  it('answers a second identical run from the cache with zero model calls, and --no-cache calls again', async () => {
    server.respondWith(answering());
    const cwd = makeProject({ 'suite.yaml': fakeModelSuite({ baseUrl: server.url, cases: 5 }) });
    const before = server.requests.length;
    expect((await runCli(['eval', 'suite.yaml'], { cwd, env })).code).toBe(0);
    expect(server.requests.length - before).toBe(5);

    const second = await runCli(['eval', 'suite.yaml', '-o', 'second.json'], { cwd, env });
    expect(second.code).toBe(0);
    expect(server.requests.length - before).toBe(5);
    const report = JSON.parse(readFileSync(path.join(cwd, 'second.json'), 'utf8'));
    expect(report.results.every((result: { cacheHit: boolean }) => result.cacheHit)).toBe(true);
    // a cached answer still reports what the model costs, so cost per 1k stays comparable
    expect(report.summary[0].costPer1kUsd).toBeCloseTo(2, 10);

    expect((await runCli(['eval', 'suite.yaml', '--no-cache'], { cwd, env })).code).toBe(0);
    expect(server.requests.length - before).toBe(10);
  });

  it('gives each repeat its own cache entry', async () => {
    server.respondWith(answering());
    const cwd = makeProject({ 'suite.yaml': fakeModelSuite({ baseUrl: server.url, cases: 2 }) });
    const before = server.requests.length;
    expect((await runCli(['eval', 'suite.yaml', '--repeat', '3', '-o', 'run.json'], { cwd, env })).code).toBe(
      0,
    );
    expect(server.requests.length - before).toBe(6);
    const report = JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8'));
    expect(report.results.map((result: { repeat: number }) => result.repeat).sort()).toEqual([
      0, 0, 1, 1, 2, 2,
    ]);
  });

  it('reports a model whose key is missing as skipped and runs the others', async () => {
    server.respondWith(answering());
    const suite = fakeModelSuite({
      baseUrl: server.url,
      cases: 2,
      extraModels: '  - id: anthropic:claude-haiku-4-5\n',
    });
    const cwd = makeProject({ 'suite.yaml': suite });
    const result = await runCli(['eval', 'suite.yaml', '-o', 'run.json', '-o', 'run.xml'], { cwd, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('skipped anthropic:claude-haiku-4-5: ANTHROPIC_API_KEY is not set');
    const report = JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8'));
    expect(report.skipped).toEqual([
      { model: 'anthropic:claude-haiku-4-5', reason: expect.stringContaining('ANTHROPIC_API_KEY') },
    ]);
    expect(report.summary.map((row: { model: string }) => row.model)).toEqual(['openai:fake-model']);
    expect(readFileSync(path.join(cwd, 'run.xml'), 'utf8')).toMatch(
      /<skipped message="ANTHROPIC_API_KEY is not set/,
    );
  });

  it('reports a server that is not running as skipped, with the address, and exits 2 when no model could run', async () => {
    const down = await startFakeServer();
    const url = down.url;
    await down.close();
    const cwd = makeProject({ 'suite.yaml': fakeModelSuite({ baseUrl: url, cases: 3 }) });
    const result = await runCli(['eval', 'suite.yaml', '-o', 'run.json'], { cwd, env });
    expect(result.stdout + result.stderr).toMatch(/skipped openai:fake-model: .*127\.0\.0\.1/);
    expect(result.code).toBe(2);
  });

  it('names file, line, column and field of a misspelled key, suggests the fix, exits 2 and prints no stack trace', async () => {
    const suite = fakeModelSuite({ baseUrl: 'http://127.0.0.1:9', cases: 1 }).replace('prompts:', 'promts:');
    const cwd = makeProject({ 'suite.yaml': suite });
    const result = await runCli(['eval', 'suite.yaml'], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('suite.yaml:2:1 promts: unknown field; did you mean "prompts"?');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('suggests the assertion type meant by a typo', async () => {
    const suite = fakeModelSuite({ baseUrl: 'http://127.0.0.1:9', cases: 1 }).replace(
      'type: contains',
      'type: contain',
    );
    const cwd = makeProject({ 'suite.yaml': suite });
    const result = await runCli(['eval', 'suite.yaml'], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /suite\.yaml:\d+:\d+ tests\[0\]\.assert\[0\]\.type: unknown assertion "contain"; did you mean "contains"\?/,
    );
  });

  it('rejects an unknown output format before running anything', async () => {
    server.respondWith(answering());
    const cwd = makeProject({ 'suite.yaml': fakeModelSuite({ baseUrl: server.url, cases: 1 }) });
    const before = server.requests.length;
    const result = await runCli(['eval', 'suite.yaml', '-o', 'run.csv'], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--output run.csv: unknown format ".csv"');
    expect(server.requests.length).toBe(before);
  });

  it('lists past runs', async () => {
    server.respondWith(answering());
    const cwd = makeProject({ 'suite.yaml': fakeModelSuite({ baseUrl: server.url, cases: 1 }) });
    await runCli(['eval', 'suite.yaml'], { cwd, env });
    const runs = await runCli(['runs'], { cwd, env });
    expect(runs.code).toBe(0);
    expect(runs.stdout).toMatch(/\d{8}-\d{6}-[0-9a-f]{4}\s+e2e\s+completed\s+1\/1/);
  });
});
