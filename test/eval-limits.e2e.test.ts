// End to end on the built CLI: hostile sizes and patterns are refused at load or contained per case, and the
// process stays small and responsive.
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

const env = { FAKE_KEY: 'sk-test' };
const readReport = (cwd: string) => JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8'));
const answer = (content: string) => ({ status: 200, json: openaiChatCompletion({ content }) });

/** Peak RSS of a child in MB, polled from /proc while it runs (0 where there is no /proc). */
const watchPeakRss = (pid: number | undefined) => {
  let peakMb = 0;
  const timer = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peakMb = Math.max(peakMb, kb / 1024);
    } catch {
      // the process has ended
    }
  }, 20);
  return { stop: () => clearInterval(timer), peakMb: () => peakMb };
};

describe('yardstick eval under hostile sizes and patterns', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('fails a 200 MB answer on its case without holding it, and keeps the run small', async () => {
    const huge = JSON.stringify(openaiChatCompletion({ content: 'x'.repeat(200 * 1024 * 1024) }));
    server.respondWith((request: RecordedRequest) =>
      numberOf(request) === '0' ? { status: 200, raw: huge } : answer(`answer ${numberOf(request)}`),
    );
    const cwd = makeProject({ 'suite.yaml': fakeModelSuite({ baseUrl: server.url, cases: 2 }) });
    let rss: ReturnType<typeof watchPeakRss> | undefined;
    const result = await runCli(['eval', 'suite.yaml', '-o', 'run.json', '--no-cache'], {
      cwd,
      env,
      onSpawn: (child) => {
        rss = watchPeakRss(child.pid);
      },
    });
    rss?.stop();
    expect(result.code).toBe(1);
    const report = readReport(cwd);
    const byId = (id: string) => report.results.find((item: { caseId: string }) => item.caseId === id);
    expect(byId('case-0').error).toMatchObject({
      code: 'E_MALFORMED_RESPONSE',
      message: expect.stringContaining('over the 32 MiB limit'),
    });
    expect(byId('case-1').pass).toBe(true);
    // one request for the big answer: over the limit is not retried
    expect(server.requests.filter((request) => numberOf(request) === '0')).toHaveLength(1);
    if (rss !== undefined && rss.peakMb() > 0) expect(rss.peakMb()).toBeLessThan(400);
  });

  it('checks a 1 MB answer whole but stores its first 256 KiB and its length', async () => {
    const long = `answer 0 ${'x'.repeat(1024 * 1024)} END`;
    server.respondWith(answer(long));
    const suite = fakeModelSuite({ baseUrl: server.url, cases: 1 }).replace(
      'assert: [ { type: contains, value: "answer 0" } ]',
      'assert: [ { type: contains, value: "END" } ]',
    );
    const cwd = makeProject({ 'suite.yaml': suite });
    const result = await runCli(['eval', 'suite.yaml', '-o', 'run.json', '--no-cache'], { cwd, env });
    expect(result.code).toBe(0);
    const output: string = readReport(cwd).results[0].output;
    expect(output.length).toBeLessThan(256 * 1024 + 100);
    expect(output.startsWith('answer 0 xxx')).toBe(true);
    expect(output).toContain(`[cut by yardstick: ${long.length} characters, the first 262144 kept]`);
  });

  it('fails a catastrophic regex at its budget on that case and stays responsive to Ctrl-C', async () => {
    server.respondWith(answer(`${'a'.repeat(38)}!`));
    const suite = fakeModelSuite({ baseUrl: server.url, cases: 2 }).replaceAll(
      /assert: \[ \{ type: contains, value: "answer \d+" \} \]/g,
      () => "assert: [ { type: regex, value: '^(a+)+$' } ]",
    );
    const cwd = makeProject({ 'suite.yaml': suite });
    const started = Date.now();
    const result = await runCli(['eval', 'suite.yaml', '-o', 'run.json', '--no-cache'], { cwd, env });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.code).toBe(1);
    const reason: string = readReport(cwd).results[0].assertions[0].reason;
    expect(reason).toMatch(/regex \/\^\(a\+\)\+\$\/ took longer than its 1000 ms budget/);

    const many = fakeModelSuite({ baseUrl: server.url, cases: 12 }).replaceAll(
      /assert: \[ \{ type: contains, value: "answer \d+" \} \]/g,
      () => "assert: [ { type: regex, value: '^(a+)+$' } ]",
    );
    const interrupted = makeProject({ 'suite.yaml': many });
    let signalledAt = 0;
    const stopped = await runCli(['eval', 'suite.yaml', '--no-cache'], {
      cwd: interrupted,
      env,
      onSpawn: (child) => {
        setTimeout(() => {
          signalledAt = Date.now();
          child.kill('SIGINT');
        }, 1500);
      },
    });
    expect(stopped.code).toBe(3);
    expect(Date.now() - signalledAt).toBeLessThan(3000);
  });

  it('refuses an invalid regex, a file: baseUrl and huge counts at load, before any call, with exit 2', async () => {
    const before = server.requests.length;
    const badRegex = fakeModelSuite({ baseUrl: server.url, cases: 2 }).replace(
      'assert: [ { type: contains, value: "answer 1" } ]',
      'assert: [ { type: regex, value: "(unclosed" } ]',
    );
    const regexRun = await runCli(['eval', 'suite.yaml'], {
      cwd: makeProject({ 'suite.yaml': badRegex }),
      env,
    });
    expect(regexRun.code).toBe(2);
    expect(regexRun.stderr).toMatch(/suite\.yaml:\d+:\d+ tests\[1\]\.assert\[0\]\.value: invalid regex/);

    const fileUrl = fakeModelSuite({ baseUrl: 'file:///etc', cases: 1 });
    const urlRun = await runCli(['eval', 'suite.yaml'], { cwd: makeProject({ 'suite.yaml': fileUrl }), env });
    expect(urlRun.code).toBe(2);
    expect(urlRun.stderr).toMatch(/models\[0\]\.baseUrl: file: URLs are not supported/);

    const wide = fakeModelSuite({ baseUrl: server.url, cases: 1 }).replace(
      'concurrency: 4',
      'concurrency: 10000000',
    );
    const wideRun = await runCli(['eval', 'suite.yaml'], { cwd: makeProject({ 'suite.yaml': wide }), env });
    expect(wideRun.code).toBe(2);
    expect(wideRun.stderr).toMatch(/suite\.yaml:\d+:14 concurrency: must be at most 1000, got 10000000/);

    const ok = makeProject({ 'suite.yaml': fakeModelSuite({ baseUrl: server.url, cases: 1 }) });
    for (const flags of [
      ['--concurrency', '10000000'],
      ['--repeat', '1000000000'],
      ['--max-repeats', '500'],
    ]) {
      const flagRun = await runCli(['eval', 'suite.yaml', ...flags], { cwd: ok, env });
      expect(flagRun.code).toBe(2);
      expect(flagRun.stderr).toContain(`${flags[0]} takes a whole number from`);
    }
    expect(server.requests.length).toBe(before);
  });
});
