// The shape of a schema migration for both engines, and what both engines' runners share.
import type { StoreEngine } from '../contract/stores.js';

export interface Migration {
  version: number;
  description: string;
  /** One text for both engines, or one per engine. */
  sql: string | Readonly<Record<StoreEngine, string>>;
}

/** The SQL a migration runs on an engine. */
export const migrationSql = (migration: Migration, engine: StoreEngine): string =>
  typeof migration.sql === 'string' ? migration.sql : migration.sql[engine];

/** Checks the list is numbered 1, 2, 3… as both engines' version bookkeeping assumes. */
export const checkNumbering = (list: readonly Migration[]): void => {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1)
      throw new Error(`migrations must be numbered 1, 2, 3…; got ${migration.version}`);
  });
};

// PostgreSQL text compares by the database's collation unless told otherwise; "C" compares bytes as SQLite's
// BINARY does, so ids, names and ISO times sort (and page by cursor) the same on both engines.
export const text = 'TEXT COLLATE "C"';
