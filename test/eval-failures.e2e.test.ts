// End to end on the built CLI: what a user sees when the model server misbehaves or the run is interrupted.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeResponse,
  type FakeServer,
  openaiChatCompletion,
  openaiChatStream,
  type RecordedRequest,
  startFakeServer,
} from '../src/testing/fake-server.js';
import { makeProject, runCli } from './helpers/run-cli.js';
import { fakeModelSuite, numberOf } from './helpers/suites.js';

const env = { FAKE_KEY: 'sk-test' };

const ok = (request: RecordedRequest, delayMs = 0): FakeResponse => ({
  status: 200,
  delayMs,
  json: openaiChatCompletion({ content: `answer ${numberOf(request)}` }),
});

const readReport = (cwd: string, file = 'run.json') => JSON.parse(readFileSync(path.join(cwd, file), 'utf8'));

describe('yardstick eval when things go wrong', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('retries a 429 after the Retry-After delay and then passes', async () => {
    let calls = 0;
    const times: number[] = [];
    server.respondWith((request) => {
      calls += 1;
      times.push(Date.now());
      if (calls === 1) {
        return {
          status: 429,
          headers: { 'retry-after': '1' },
          json: { error: { message: 'Rate limit reached', type: 'requests' } },
        };
      }
      return ok(request);
    });
    const cwd = makeProject({ 'suite.yaml': fakeModelSuite({ baseUrl: server.url, cases: 1 }) });
    const result = await runCli(['eval', 'suite.yaml', '-o', 'run.json'], { cwd, env });
    expect(result.code).toBe(0);
    expect(calls).toBe(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
    expect(result.stderr).toMatch(/retry openai:fake-model in \d+ ms: .*Rate limit reached/);
    expect(readReport(cwd).results[0]).toMatchObject({ pass: true, error: null });
  });

  it('retries a 500 and records the answer that follows', async () => {
    let calls = 0;
    server.respondWith((request) => {
      calls += 1;
      return calls === 1
        ? { status: 500, json: { error: { message: 'The server had an error' } } }
        : ok(request);
    });
    const cwd = makeProject({ 'suite.yaml': fakeModelSuite({ baseUrl: server.url, cases: 1 }) });
    const result = await runCli(['eval', 'suite.yaml', '-o', 'run.json'], { cwd, env });
    expect(result.code).toBe(0);
    expect(calls).toBe(2);
    expect(readReport(cwd).results[0].pass).toBe(true);
  });

  it('records a timeout on the case, keeps going, and exits 1', async () => {
    server.respondWith((request) => (numberOf(request) === '0' ? { hang: true } : ok(request)));
    const suite = fakeModelSuite({
      baseUrl: server.url,
      cases: 2,
      options: '{ timeoutMs: 300, maxRetries: 1 }',
    });
    const cwd = makeProject({ 'suite.yaml': suite });
    const result = await runCli(['eval', 'suite.yaml', '-o', 'run.json'], { cwd, env });
    expect(result.code).toBe(1);
    const report = readReport(cwd);
    const timedOut = report.results.find((item: { caseId: string }) => item.caseId === 'case-0');
    expect(timedOut).toMatchObject({ pass: false, error: { code: 'E_TIMEOUT' } });
    expect(report.results.find((item: { caseId: string }) => item.caseId === 'case-1').pass).toBe(true);
    expect(report.summary[0]).toMatchObject({ errors: 1, passed: 1 });
    expect(result.stdout).toMatch(/case-0: error E_TIMEOUT/);
  });

  it('records a malformed body as an error on the case, not a crash', async () => {
    server.respondWith({
      status: 200,
      raw: '{"id": "chatcmpl-1", "choices": [',
      contentType: 'application/json',
    });
    const cwd = makeProject({ 'suite.yaml': fakeModelSuite({ baseUrl: server.url, cases: 1 }) });
    const result = await runCli(['eval', 'suite.yaml', '-o', 'run.json', '--no-cache'], { cwd, env });
    expect(result.code).toBe(1);
    expect(readReport(cwd).results[0]).toMatchObject({
      pass: false,
      error: { code: 'E_MALFORMED_RESPONSE' },
    });
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('records a stream cut mid-way as an error on the case', async () => {
    server.respondWith({
      sse: openaiChatStream({ content: 'answer 0 and a long tail of text', chunkSize: 4 }),
      cutAfter: 3,
    });
    const suite = fakeModelSuite({
      baseUrl: server.url,
      cases: 1,
      options: '{ stream: true, maxRetries: 0 }',
    });
    const cwd = makeProject({ 'suite.yaml': suite });
    const result = await runCli(['eval', 'suite.yaml', '-o', 'run.json', '--no-cache'], { cwd, env });
    expect(result.code).toBe(1);
    expect(readReport(cwd).results[0]).toMatchObject({ pass: false, error: { code: 'E_STREAM_CUT' } });
  });

  it('streams a whole answer and measures time to first token', async () => {
    server.respondWith((request) => ({
      sse: openaiChatStream({ content: `answer ${numberOf(request)}`, chunkSize: 3 }),
    }));
    const suite = fakeModelSuite({ baseUrl: server.url, cases: 2, options: '{ stream: true }' });
    const cwd = makeProject({ 'suite.yaml': suite });
    const result = await runCli(['eval', 'suite.yaml', '-o', 'run.json', '--no-cache'], { cwd, env });
    expect(result.code).toBe(0);
    const report = readReport(cwd);
    expect(report.results[0].ttftMs).toBeTypeOf('number');
    expect(report.results[0].tokens.input).toBeTypeOf('number');
  });

  it('stops cleanly on Ctrl-C and --resume runs only what is missing: nothing twice, nothing lost', async () => {
    const cases = 16;
    server.respondWith((request) => ok(request, 120));
    const before = server.requests.length;
    const cwd = makeProject({ 'suite.yaml': fakeModelSuite({ baseUrl: server.url, cases }) });

    const first = await runCli(['eval', 'suite.yaml', '--concurrency', '2', '--no-cache'], {
      cwd,
      env,
      onSpawn: (child) => {
        const timer = setInterval(() => {
          if (server.requests.length - before >= 5) {
            clearInterval(timer);
            child.kill('SIGINT');
          }
        }, 10);
      },
    });
    expect(first.code).toBe(3);
    const runId = /resume with: yardstick eval --resume (\S+)/.exec(first.stderr)?.[1];
    expect(runId).toBeDefined();
    const firstRequests = server.requests.length - before;
    expect(firstRequests).toBeLessThan(cases);

    const second = await runCli(['eval', '--resume', runId!, '-o', 'run.json', '--no-cache'], { cwd, env });
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/resuming .*already done/);
    const report = readReport(cwd);
    const ids = report.results.map((item: { caseId: string }) => item.caseId).sort();
    expect(ids).toEqual(Array.from({ length: cases }, (_, index) => `case-${index}`).sort());
    expect(report.run.id).toBe(runId);
    // only calls cut off in flight by Ctrl-C (at most the concurrency) are made twice
    expect(server.requests.length - before).toBeLessThanOrEqual(cases + 2);
  });
});
