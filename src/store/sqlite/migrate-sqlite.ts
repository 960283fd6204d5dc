// Applies the store's migrations to a SQLite database: the applied version is PRAGMA user_version, each migration
// in its own immediate transaction, so a failure leaves the previous version intact and two processes starting
// together migrate once.
import type BetterSqlite3 from 'better-sqlite3';
import { YardstickError } from '../../spec/errors.js';
import { checkNumbering, type Migration, migrationSql } from '../migrations/migration.js';
import { migrations } from '../migrations.js';

const userVersion = (db: BetterSqlite3.Database): number => {
  const value: unknown = db.pragma('user_version', { simple: true });
  return typeof value === 'number' ? value : 0;
};

/** Brings the database up to the newest migration; returns the schema version it ends at. */
export const migrate = (db: BetterSqlite3.Database, list: readonly Migration[] = migrations): number => {
  checkNumbering(list);
  const latest = list.length;
  const current = userVersion(db);
  if (current > latest) {
    throw new YardstickError(
      'E_STORE',
      `the results database has schema version ${current} but this yardstick knows only ${latest}; upgrade yardstick`,
    );
  }
  const apply = db.transaction((migration: Migration): void => {
    // another process may have migrated between our read and taking the write lock
    if (userVersion(db) >= migration.version) return;
    db.exec(migrationSql(migration, 'sqlite'));
    db.pragma(`user_version = ${migration.version}`);
  });
  for (const migration of list) {
    if (migration.version > current) apply.immediate(migration);
  }
  return userVersion(db);
};
