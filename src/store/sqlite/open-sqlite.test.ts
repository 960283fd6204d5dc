// Opening the store: directory creation, WAL mode, and migrations that are idempotent and all-or-nothing.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../migrations.js';
import { migrate } from './migrate-sqlite.js';
import { openSqliteDatabase, openSqliteStores } from './open-sqlite.js';

let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yardstick-store-'));
});
afterEach(async () => {
  rmSync(dir, { recursive: true, force: true });
});

const run = {
  id: 'run-1',
  suiteName: 'faq',
  suitePath: 'suite.yaml',
  suiteHash: 'abc',
  startedAt: '2025-10-15T10:00:00.000Z',
  config: { models: ['openai:gpt-4o-mini'], repeat: 1 },
  totalPlanned: 1,
};

describe('openSqliteStores', () => {
  it('maps the file into memory only for the gateway, so an eval does not hold its whole store in its RSS', () => {
    // a 100,000-call eval writes and reads back a 66 MB store: mapped, its peak RSS was 60 MB higher (225 MB)
    const plain = openSqliteDatabase(join(dir, 'eval.db'));
    expect(plain.pragma('mmap_size', { simple: true })).toBe(0);
    plain.close();
    const mapped = openSqliteDatabase(join(dir, 'gateway.db'), { memoryMapped: true });
    expect(mapped.pragma('mmap_size', { simple: true })).toBe(64 * 1024 * 1024);
    mapped.close();
  });

  it('creates the folder and a WAL-mode database', async () => {
    const path = join(dir, 'nested', '.yardstick', 'yardstick.db');
    const store = openSqliteStores(path);
    await store.runs.createRun(run);
    expect(existsSync(`${path}-wal`)).toBe(true);
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(migrations.length);
    raw.close();
    await store.close();
  });

  it('reopens without re-running migrations and keeps the data', async () => {
    const path = join(dir, 'yardstick.db');
    await openSqliteStores(path).close();
    const first = openSqliteStores(path);
    await first.runs.createRun(run);
    await first.close();
    const second = openSqliteStores(path);
    expect((await second.runs.getRun('run-1'))?.suiteName).toBe('faq');
    await second.close();
  });

  it('refuses a database from a newer yardstick with a clear error', async () => {
    const path = join(dir, 'yardstick.db');
    const raw = new Database(path);
    raw.pragma('user_version = 999');
    raw.close();
    expect(() => openSqliteStores(path)).toThrow(/schema version 999.*upgrade yardstick/);
  });

  it('reports an unopenable path as E_STORE', async () => {
    const blocker = join(dir, 'file');
    await openSqliteStores(blocker).close();
    expect(() => openSqliteStores(join(blocker, 'inside.db'))).toThrow(
      expect.objectContaining({ code: 'E_STORE' }),
    );
  });
});

describe('migrate', () => {
  it('rolls a failing migration back entirely and keeps the previous version', async () => {
    const db = new Database(join(dir, 'm.db'));
    const broken = [
      { version: 1, description: 'one', sql: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, description: 'two', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);' },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(['a']);
    expect(migrate(db, broken.slice(0, 1))).toBe(1);
    db.close();
  });

  it('rejects a list that is not numbered 1, 2, 3', async () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [{ version: 2, description: 'gap', sql: '' }])).toThrow(/numbered/);
    db.close();
  });
});
