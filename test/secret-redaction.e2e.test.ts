// End to end on the built CLI: a provider that echoes the key it was sent leaves no part of it anywhere (issue 8 row 2).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeResponse, type FakeServer, startFakeServer } from '../src/testing/fake-server.js';
import { makeProject, runCli } from './helpers/run-cli.js';
import { fakeModelSuite } from './helpers/suites.js';

const providerKey = 'sk-proj-Vn4Qe8Lr2Tx6Bw0Zk5Mh9Jc3Pf7Ys1Ga8Ud2Oi6Xq';

/** Every run of 8 characters of the key that `text` shows. */
const keyFragmentsIn = (text: string): string[] => {
  const found: string[] = [];
  for (let at = 0; at + 8 <= providerKey.length; at++) {
    if (text.includes(providerKey.slice(at, at + 8))) found.push(providerKey.slice(at, at + 8));
  }
  return found;
};

/** Everything a run leaves: what it printed, the files it wrote and the store's bytes. */
const everythingKept = (cwd: string, printed: { stdout: string; stderr: string }): string => {
  const db = path.join(cwd, '.yardstick', 'yardstick.db');
  const files = ['run.json', 'run.xml', 'report.html', db, `${db}-wal`]
    .map((file) => path.resolve(cwd, file))
    .filter((file) => existsSync(file));
  return [printed.stdout, printed.stderr, ...files.map((file) => readFileSync(file, 'latin1'))].join('\n');
};

const echoingKey = (status: number): FakeResponse => ({
  status,
  raw: `${'E'.repeat(250)} key=${providerKey}`,
  contentType: 'text/plain',
});

describe('yardstick eval against a provider that echoes its key', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const run = async (response: FakeResponse) => {
    server.respondWith(response);
    const cwd = makeProject({
      'suite.yaml': fakeModelSuite({
        baseUrl: server.url,
        cases: 2,
        options: '{ maxRetries: 1, timeoutMs: 5000 }',
      }),
    });
    const args = ['eval', 'suite.yaml', '--no-cache', '-o', 'run.json', '-o', 'run.xml', '-o', 'report.html'];
    const result = await runCli(args, { cwd, env: { FAKE_KEY: providerKey } });
    return { result, kept: everythingKept(cwd, result) };
  };

  it('a 401 text/plain with the key after 250 characters: an error, with no part of the key shown or kept', async () => {
    const { result, kept } = await run(echoingKey(401));
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${providerKey}`);
    expect(result.stdout).toContain('E_HTTP_AUTH');
    expect(result.stdout).toContain('key=[redacted]');
    expect(kept).toContain('E'.repeat(250));
    expect(keyFragmentsIn(kept)).toEqual([]);
  });

  it('a 500 that echoes the key: retried, stored as an error, with no part of the key shown or kept', async () => {
    const { result, kept } = await run(echoingKey(500));
    expect(result.code).toBe(1);
    expect(kept).toContain('E_HTTP_SERVER');
    expect(kept).toContain('key=[redacted]');
    expect(keyFragmentsIn(kept)).toEqual([]);
  });
});
