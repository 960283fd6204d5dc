// Eval calls per CPU-second with 1, 2 and 4 `yardstick worker` processes on one PostgreSQL store, against the
// in-process fake OpenAI-compatible server. CPU is the coordinator's plus every worker's (GNU time, else /proc).
// Run with `npm run bench:workers`. Options: --cases N (default 1000, x 2 models), --concurrency N per worker
// (default 8). Needs PostgreSQL at 127.0.0.1:5432 (or YARDSTICK_TEST_POSTGRES).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startFakeServer } from '../src/testing/fake-server.js';
import { openaiCompatibleEcho } from '../src/testing/openai-compatible-echo.js';
import { createTestDatabase } from '../src/testing/postgres-database.js';
import { type Measurement, measureChild } from './lib/measure-child.js';
import { writeBenchSuite } from './lib/suite-files.js';

const MODELS = ['model-a', 'model-b'] as const;
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const yardstickBin = path.join(benchDir, '..', 'bin', 'yardstick.js');

const { values: options } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '8' },
  },
});
const cases = Math.max(1, Number.parseInt(options.cases, 10) || 1000);
const concurrency = Math.max(1, Number.parseInt(options.concurrency, 10) || 8);
const calls = cases * MODELS.length;

/** Resolves once the run's calls are on the queue, so workers started with --once find them. */
const queueFilled = async (url: string): Promise<void> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let tries = 0; tries < 600; tries += 1) {
      const found = await client
        .query("SELECT count(*)::int AS n FROM pgboss.job WHERE name LIKE 'yardstick-run-%'")
        .catch(() => ({ rows: [{ n: 0 }] }));
      if ((found.rows[0]?.n ?? 0) >= calls) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the coordinator did not enqueue the calls within a minute');
  } finally {
    await client.end();
  }
};

const tmp = await mkdtemp(path.join(os.tmpdir(), 'yardstick-bench-workers-'));
const server = await startFakeServer(openaiCompatibleEcho, { record: false });
const lines: string[] = [];
try {
  console.log(`bench workers: ${calls} calls per run, ${concurrency} per worker, ${os.cpus().length} CPUs`);
  for (const workers of [1, 2, 4]) {
    const database = await createTestDatabase();
    const dir = path.join(tmp, `w${workers}`);
    await mkdir(dir, { recursive: true });
    try {
      const suite = await writeBenchSuite({
        dir,
        baseUrl: `${server.url}/v1`,
        cases,
        models: MODELS,
        concurrency,
        format: 'inline',
      });
      const env = { ...process.env, CI: 'true', YARDSTICK_DIR: path.join(dir, '.yardstick') };
      const started = Date.now();
      const coordinator = measureChild({
        command: process.execPath,
        args: [yardstickBin, 'eval', path.basename(suite), '--store', database.url, '--distributed'],
        cwd: dir,
        env: { ...env, OPENAI_API_KEY: 'sk-bench' },
        logBase: path.join(dir, 'coordinator'),
      });
      await queueFilled(database.url);
      const workerRuns: Array<Promise<Measurement>> = Array.from({ length: workers }, (_, index) =>
        measureChild({
          command: process.execPath,
          args: [
            yardstickBin,
            'worker',
            '--store',
            database.url,
            '--concurrency',
            String(concurrency),
            '--once',
          ],
          cwd: dir,
          env: { ...env, OPENAI_API_KEY: 'sk-bench' },
          logBase: path.join(dir, `worker-${index}`),
        }),
      );
      const [coordinated, ...measured] = await Promise.all([coordinator, ...workerRuns]);
      const wallS = (Date.now() - started) / 1000;
      const cpuS = coordinated.cpuS + measured.reduce((sum, item) => sum + item.cpuS, 0);
      const exits = [coordinated, ...measured].map((item) => item.exitCode).join('/');
      const line =
        `${workers} worker(s): ${(calls / cpuS).toFixed(0)} calls per CPU-second ` +
        `(${cpuS.toFixed(2)} s CPU: coordinator ${coordinated.cpuS.toFixed(2)}, workers ` +
        `${measured.map((item) => item.cpuS.toFixed(2)).join(' + ')}), ${(calls / wallS).toFixed(0)} calls/s wall, exits ${exits} (coordinator/workers; 0 = every call stored and passed)`;
      lines.push(line);
      console.log(line);
    } finally {
      await database.drop();
    }
  }
} finally {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
}
console.log(`\n${lines.join('\n')}`);
