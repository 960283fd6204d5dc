// End to end: regressions found in review — a server lost mid-run, header changes and the cache, bad output paths.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openaiChatCompletion, startFakeServer } from '../src/testing/fake-server.js';
import { makeProject, runCli } from './helpers/run-cli.js';
import { fakeModelSuite, numberOf } from './helpers/suites.js';

const env = { FAKE_KEY: 'k' };

describe('regressions from review', () => {
  it('records the cases of a server that goes away mid-run as errors instead of dropping them', async () => {
    const server = await startFakeServer();
    let answered = 0;
    server.respondWith((request) => {
      answered += 1;
      if (answered === 2) setImmediate(() => void server.close());
      return { status: 200, json: openaiChatCompletion({ content: `answer ${numberOf(request)}` }) };
    });
    const suite = fakeModelSuite({
      baseUrl: server.url,
      cases: 6,
      options: '{ maxRetries: 0, timeoutMs: 2000 }',
    });
    const cwd = makeProject({ 'suite.yaml': suite });
    const result = await runCli(['eval', 'suite.yaml', '--concurrency', '1', '-o', 'run.json'], { cwd, env });
    expect(result.code).toBe(1);
    const report = JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8'));
    expect(report.results).toHaveLength(6);
    expect(report.skipped).toEqual([]);
    expect(report.summary[0]).toMatchObject({ cases: 6, passed: 2, errors: 4 });
    // refused connections, or a reset of the keep-alive socket the server closed under the call
    const codes = report.results.flatMap((item: { error: { code: string } | null }) =>
      item.error ? [item.error.code] : [],
    );
    expect(codes).toHaveLength(4);
    for (const code of codes) expect(['E_UNAVAILABLE', 'E_NETWORK']).toContain(code);
  });

  it('does not answer from the cache when a model header changed', async () => {
    const server = await startFakeServer((request) => ({
      status: 200,
      json: openaiChatCompletion({
        content: `answer ${numberOf(request)} via ${request.headers['x-variant']}`,
      }),
    }));
    const withHeader = (variant: string) =>
      fakeModelSuite({ baseUrl: server.url, cases: 1 }).replace(
        '    apiKeyEnv: FAKE_KEY',
        `    apiKeyEnv: FAKE_KEY\n    headers: { x-variant: ${variant} }`,
      );
    const cwd = makeProject({ 'a.yaml': withHeader('A'), 'b.yaml': withHeader('B') });
    await runCli(['eval', 'a.yaml'], { cwd, env });
    await runCli(['eval', 'b.yaml', '-o', 'run.json'], { cwd, env });
    const report = JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8'));
    expect(report.results[0]).toMatchObject({ output: 'answer 0 via B', cacheHit: false });
    expect(server.requests).toHaveLength(2);
    await server.close();
  });

  it('refuses an --output path that is a directory before making any call', async () => {
    const cwd = makeProject({ 'suite.yaml': fakeModelSuite({ baseUrl: 'http://127.0.0.1:9', cases: 1 }) });
    mkdirSync(path.join(cwd, 'out.json'));
    const result = await runCli(['eval', 'suite.yaml', '-o', 'out.json'], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--output out.json is a directory');
  });

  it('counts a model skipped for a missing key in the planned total once a resume can run it', async () => {
    const server = await startFakeServer((request) => ({
      status: 200,
      json: openaiChatCompletion({ content: `answer ${numberOf(request)}` }),
    }));
    const second = `  - id: openai:other-model\n    baseUrl: ${server.url}/v1\n    apiKeyEnv: OTHER_KEY\n`;
    const cwd = makeProject({
      'suite.yaml': fakeModelSuite({ baseUrl: server.url, cases: 2, extraModels: second }),
    });
    const first = await runCli(['eval', 'suite.yaml'], { cwd, env });
    const runId = /run (\S+): /.exec(first.stderr)?.[1] ?? '';
    expect((await runCli(['runs'], { cwd, env })).stdout).toMatch(
      new RegExp(`${runId}\\s+e2e\\s+completed\\s+2/2`),
    );
    await runCli(['eval', '--resume', runId], { cwd, env: { ...env, OTHER_KEY: 'k2' } });
    expect((await runCli(['runs'], { cwd, env })).stdout).toMatch(
      new RegExp(`${runId}\\s+e2e\\s+completed\\s+4/4`),
    );
    await server.close();
  });

  it('refuses to resume a run that another process is still working on', async () => {
    const server = await startFakeServer((request) => ({
      status: 200,
      delayMs: 100,
      json: openaiChatCompletion({ content: `answer ${numberOf(request)}` }),
    }));
    const cwd = makeProject({ 'suite.yaml': fakeModelSuite({ baseUrl: server.url, cases: 12 }) });
    let secondResult: Awaited<ReturnType<typeof runCli>> | undefined;
    const first = await runCli(['eval', 'suite.yaml', '--concurrency', '1', '--no-cache'], {
      cwd,
      env,
      onSpawn: (child) => {
        child.stderr?.on('data', (chunk: Buffer) => {
          const runId = /run (\S+): \d+ calls/.exec(chunk.toString())?.[1];
          if (runId && !secondResult) {
            void runCli(['eval', '--resume', runId], { cwd, env }).then((result) => {
              secondResult = result;
            });
          }
        });
      },
    });
    expect(first.code).toBe(0);
    await expect.poll(() => secondResult, { timeout: 5000 }).toBeDefined();
    expect(secondResult?.code).toBe(2);
    expect(secondResult?.stderr).toMatch(/is still running in process \d+; stop it/);
    await server.close();
  });
});
