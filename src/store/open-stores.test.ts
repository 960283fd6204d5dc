// Choosing the engine from a store location: paths and sqlite: URLs open SQLite, postgres URLs go to the
// PostgreSQL store, anything else is refused naming the location without its password.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStores, parseStoreLocation, redactLocation } from './open-stores.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yardstick-open-stores-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('parseStoreLocation', () => {
  it.each([
    ['.yardstick/yardstick.db', '.yardstick/yardstick.db'],
    ['/var/lib/yardstick.db', '/var/lib/yardstick.db'],
    ['sqlite:.yardstick/yardstick.db', '.yardstick/yardstick.db'],
    ['sqlite://relative/y.db', 'relative/y.db'],
    ['sqlite:///abs/y.db', '/abs/y.db'],
    ['SQLITE:y.db', 'y.db'],
    [':memory:', ':memory:'],
    ['C:\\data\\y.db', 'C:\\data\\y.db'],
  ])('reads %s as the SQLite file %s', (location, path) => {
    expect(parseStoreLocation(location)).toEqual({ engine: 'sqlite', path });
  });

  it.each([
    'postgres://u:p@db:5432/ys',
    'postgresql://db/ys?sslmode=require',
    'POSTGRES://db/ys',
  ])('reads %s as PostgreSQL', (location) => {
    expect(parseStoreLocation(location)).toEqual({ engine: 'postgres', url: location });
  });

  it('refuses an unknown scheme, naming it and what is accepted, without the password', () => {
    let thrown: unknown;
    try {
      parseStoreLocation('mysql://admin:hunter2@db/ys');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'E_CONFIG' });
    const message = (thrown as Error).message;
    expect(message).toContain('mysql://admin:***@db/ys');
    expect(message).toContain('scheme "mysql:"');
    expect(message).toContain('postgres://');
    expect(message).not.toContain('hunter2');
  });

  it('refuses an empty location and a sqlite: URL without a file', () => {
    expect(() => parseStoreLocation('  ')).toThrow(expect.objectContaining({ code: 'E_CONFIG' }));
    expect(() => parseStoreLocation('sqlite:')).toThrow(/names no file/);
  });
});

describe('redactLocation', () => {
  it('hides a password in the user part or the query, and leaves other locations alone', () => {
    expect(redactLocation('postgres://ys:s3cret@db:5432/ys')).toBe('postgres://ys:***@db:5432/ys');
    expect(redactLocation('postgres://db/ys?user=ys&password=s3cret')).not.toContain('s3cret');
    expect(redactLocation('postgres://ys@db/ys')).toBe('postgres://ys@db/ys');
    expect(redactLocation('.yardstick/yardstick.db')).toBe('.yardstick/yardstick.db');
  });
});

describe('openStores', () => {
  it('opens a path and a sqlite: URL as the same SQLite file', async () => {
    const path = join(dir, 'nested', 'y.db');
    const first = await openStores(path);
    expect(first.engine).toBe('sqlite');
    await first.runs.createRun({
      id: 'r1',
      suiteName: 's',
      suitePath: 's.yaml',
      suiteHash: 'h',
      startedAt: '2026-11-29T00:00:00.000Z',
      config: null,
      totalPlanned: 0,
    });
    await first.close();
    expect(existsSync(path)).toBe(true);
    const second = await openStores(`sqlite:${path}`);
    expect((await second.runs.getRun('r1'))?.suiteName).toBe('s');
    await second.close();
  });

  it('refuses an unknown scheme before creating anything', async () => {
    await expect(openStores('redis://127.0.0.1:6379/0')).rejects.toThrow(/not a store yardstick can open/);
  });

  it('reports a PostgreSQL store it cannot open as E_STORE without the password', async () => {
    // with no PostgreSQL store in the build, or none listening on port 1, opening fails; either way it names the
    // location with the password hidden
    const failure = await openStores('postgres://ys:hunter2@127.0.0.1:1/nowhere').then(
      async (stores) => {
        await stores.close();
        return undefined;
      },
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'E_STORE' });
    expect((failure as Error).message).toContain('postgres://ys:***@127.0.0.1:1/nowhere');
    expect((failure as Error).message).not.toContain('hunter2');
  });
});
