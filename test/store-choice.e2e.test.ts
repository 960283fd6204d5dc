// End to end: every command finds its store by --store (or --db), else YARDSTICK_STORE, else the project's
// file; a location it cannot open is a usage error naming where it came from, never a stack trace.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStores } from '../src/store/sqlite/open-sqlite.js';
import { makeProject, runCli } from './helpers/run-cli.js';

const seedRun = async (file: string, id: string): Promise<void> => {
  const stores = openSqliteStores(file);
  await stores.runs.createRun({
    id,
    suiteName: 'faq',
    suitePath: 'suite.yaml',
    suiteHash: 'h',
    startedAt: '2026-11-29T10:00:00.000Z',
    config: {},
    totalPlanned: 0,
  });
  await stores.close();
};

const runIds = (stdout: string): string[] =>
  (JSON.parse(stdout) as Array<{ id: string }>).map((run) => run.id);

describe('choosing the store', () => {
  it('reads the store YARDSTICK_STORE names, and the one --store or --db names over it', async () => {
    const cwd = makeProject({});
    await seedRun(path.join(cwd, 'env.db'), 'run-env');
    await seedRun(path.join(cwd, 'flag.db'), 'run-flag');
    const env = { YARDSTICK_STORE: `sqlite:${path.join(cwd, 'env.db')}` };
    const fromEnv = await runCli(['runs', '--json'], { cwd, env });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(runIds(fromEnv.stdout)).toEqual(['run-env']);
    const fromFlag = await runCli(['runs', '--json', '--store', path.join(cwd, 'flag.db')], { cwd, env });
    expect(runIds(fromFlag.stdout)).toEqual(['run-flag']);
    const fromOlderFlag = await runCli(['runs', '--json', '--db', path.join(cwd, 'flag.db')], { cwd, env });
    expect(runIds(fromOlderFlag.stdout)).toEqual(['run-flag']);
  }, 30_000);

  it('refuses a URL scheme it cannot open, naming the flag or the variable and hiding the password', async () => {
    const cwd = makeProject({});
    const flag = await runCli(['runs', '--store', 'mysql://admin:hunter2@db/ys'], { cwd });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--store: "mysql://admin:***@db/ys" is not a store yardstick can open');
    expect(flag.stderr).not.toContain('hunter2');
    expect(flag.stderr).not.toMatch(/\n\s+at /);
    const variable = await runCli(['keys', 'list'], {
      cwd,
      env: { YARDSTICK_STORE: 'redis://127.0.0.1:6379' },
    });
    expect(variable.code).toBe(2);
    expect(variable.stderr).toContain('YARDSTICK_STORE: "redis://127.0.0.1:6379" is not a store');
  }, 30_000);
});
