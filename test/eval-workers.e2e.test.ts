// End to end on the built CLI: `yardstick eval --distributed` with two `yardstick worker` processes on one
// PostgreSQL store; one worker is killed with SIGKILL while it holds calls, and the run still ends with every
// result exactly once and no call made twice except those the killed worker had in flight.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, openaiChatCompletion, startFakeServer } from '../src/testing/fake-server.js';
import { createTestDatabase, probePostgres, type TestDatabase } from '../src/testing/postgres-database.js';
import { binPath, makeProject, runCli } from './helpers/run-cli.js';
import { fakeModelSuite, numberOf } from './helpers/suites.js';

// under CI=true a missing PostgreSQL fails here; elsewhere the tests are skipped and the probe says why
const postgres = await probePostgres();
const withPostgres = describe.skipIf(!postgres.reachable);

interface Worker {
  child: ChildProcess;
  log: () => string;
  exited: Promise<number | null>;
}

const startWorker = (cwd: string, store: string, key: string): Worker => {
  const child = spawn(process.execPath, [binPath, 'worker', '--store', store, '--concurrency', '4'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, CI: 'true', NO_COLOR: '1', FAKE_KEY: key },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, log: () => log, exited };
};

const until = async (condition: () => boolean, timeoutMs: number, what: string): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

withPostgres('yardstick eval --distributed with yardstick worker processes', () => {
  let database: TestDatabase;
  let server: FakeServer;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  it('completes a run with every result once after a worker is killed with calls in flight', async () => {
    // the killed worker's key: its requests are held unanswered once it has had a few, so its calls in flight
    // at the kill are exactly the requests still open then
    const doomedKey = 'sk-doomed';
    let holdDoomed = false;
    const openDoomed = new Set<string>();
    server = await startFakeServer(async (request) => {
      const n = numberOf(request);
      if (request.headers.authorization === `Bearer ${doomedKey}` && holdDoomed) {
        openDoomed.add(n);
        return { hang: true };
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { status: 200, json: openaiChatCompletion({ content: `answer ${n}` }) };
    });
    const cases = 40;
    const cwd = makeProject({
      'suite.yaml': fakeModelSuite({
        baseUrl: server.url,
        cases,
        options: '{ maxRetries: 0, timeoutMs: 60000 }',
      }),
    });

    const coordinator = runCli(
      [
        'eval',
        'suite.yaml',
        '--store',
        database.url,
        '--distributed',
        '--visibility-timeout',
        '5',
        '-o',
        'run.json',
        '--no-cache',
      ],
      { cwd, env: { FAKE_KEY: 'sk-coordinator' } },
    );
    const doomed = startWorker(cwd, database.url, doomedKey);
    // started once the first worker holds calls: started together, on a busy machine the second could take
    // every call left before the first was held on two of them
    let survivor: Worker | undefined;
    const byDoomed = () =>
      server.requests.filter((request) => request.headers.authorization === `Bearer ${doomedKey}`).length;

    try {
      await until(() => byDoomed() >= 6, 30_000, 'the first worker to make 6 calls');
      holdDoomed = true;
      await until(() => openDoomed.size >= 2, 10_000, 'the first worker to hold calls');
      survivor = startWorker(cwd, database.url, 'sk-survivor');
      // answers it already had are stored by now; what it holds is in flight
      await new Promise((resolve) => setTimeout(resolve, 500));
      const inFlightAtKill = new Set(openDoomed);
      doomed.child.kill('SIGKILL');
      await doomed.exited;

      const result = await coordinator;
      const context = `coordinator:\n${result.stderr}\nsurvivor:\n${survivor.log()}\nkilled:\n${doomed.log()}`;
      expect(result.stderr, context).not.toMatch(/failed on the workers/);
      expect(result.code, context).toBe(0);

      // every result exactly once: count and keys
      const report = JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8'));
      const ids = report.results.map((item: { caseId: string }) => item.caseId).sort();
      expect(ids, context).toEqual(Array.from({ length: cases }, (_, n) => `case-${n}`).sort());
      expect(report.results.every((item: { pass: boolean }) => item.pass)).toBe(true);

      // no call made twice, except those in flight at the kill (made again by the other worker)
      const asked = new Map<string, number>();
      for (const request of server.requests) {
        const n = numberOf(request);
        asked.set(n, (asked.get(n) ?? 0) + 1);
      }
      expect(asked.size, context).toBe(cases);
      const twice = [...asked].filter(([, count]) => count > 1).map(([n]) => n);
      expect(twice.length, context).toBeGreaterThan(0);
      const seen = `twice: ${twice.join(' ')}; in flight at the kill: ${[...inFlightAtKill].join(' ')}\n${context}`;
      for (const n of twice) expect(inFlightAtKill.has(n), seen).toBe(true);
      expect(Math.max(...asked.values()), context).toBe(2);
      expect(inFlightAtKill.size).toBeGreaterThan(0);
    } finally {
      if (doomed.child.exitCode === null && doomed.child.signalCode === null) doomed.child.kill('SIGKILL');
      survivor?.child.kill('SIGTERM');
    }
    // SIGTERM: a graceful stop that says what it did
    expect(await survivor.exited, survivor.log()).toBe(0);
    expect(survivor.log()).toMatch(/stopped: \d+ result\(s\) stored/);
  }, 120_000);
});

describe('yardstick eval --distributed without a shared store', () => {
  it('refuses a SQLite store, saying workers elsewhere cannot write to it', async () => {
    const cwd = makeProject({ 'suite.yaml': fakeModelSuite({ baseUrl: 'http://127.0.0.1:9', cases: 1 }) });
    const result = await runCli(['eval', 'suite.yaml', '--distributed'], {
      cwd,
      env: { FAKE_KEY: 'sk-test' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--distributed needs a PostgreSQL store that every worker can reach/);
  });

  it('refuses to start a worker without a PostgreSQL store', async () => {
    const cwd = makeProject({});
    const result = await runCli(['worker', '--store', 'team.db'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /worker needs a PostgreSQL store shared with the coordinator; --store is "team.db"/,
    );
    // a URL of another kind is named without its password
    const other = await runCli(['worker', '--store', 'mysql://admin:hunter2-secret@db/ys'], { cwd });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('--store is "mysql://admin:***@db/ys"');
    expect(other.stderr).not.toContain('hunter2');
  });
});
