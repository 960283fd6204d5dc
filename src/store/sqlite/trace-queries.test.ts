// SQLite's plan of the UI's trace list: each filter reads through its own index in the list's order, from the
// cursor, with no sort of every match. What the list returns is the store contract's (stores.contract.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from './open-sqlite.js';
import { sqliteTraceListQuery } from './trace-queries.js';

let dir: string;
let db: BetterSqlite3.Database;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yardstick-trace-queries-'));
  db = openSqliteDatabase(join(dir, 'yardstick.db'));
});
afterEach(async () => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the traces page on SQLite', () => {
  it.each([
    [{}, 'traces_started'],
    [{ route: 'summarize' }, 'traces_route'],
    [{ keyName: 'team-a' }, 'traces_key_name'],
    [{ model: 'openai:gpt-4o-mini' }, 'traces_model'],
    [{ status: 'error' as const }, 'traces_errors'],
    [{ route: 'summarize', since: '2026-11-01T00:00:00.000Z' }, 'traces_route'],
  ])('reads %o through the index %s, in order, from the cursor', (filter, index) => {
    const { sql, params } = sqliteTraceListQuery({
      ...filter,
      after: { startedAt: '2026-11-01T10:00:00.000Z', id: 't1' },
      limit: 50,
    });
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(params)
      .map((row) => (row as { detail: string }).detail)
      .join('; ');
    expect(plan).toContain(`INDEX ${index}`);
    // sorting would read every match before the first row: the index gives the order
    expect(plan).not.toContain('TEMP B-TREE');
  });
});
