// Opens (creating if needed) the embedded SQLite store: WAL so readers never block the writer, synchronous NORMAL
// (durable across process crashes, fast), a busy timeout for a second process, foreign keys on; every part of
// the store contract on that one migrated connection.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { YardstickError } from '../../spec/errors.js';
import type { Stores } from '../contract/stores.js';
import { createGatewayStore } from './gateway-store.js';
import { migrate } from './migrate-sqlite.js';
import { createMonitorStore } from './monitor-store.js';
import { createQualificationStore } from './qualification-store.js';
import { createRunQueries } from './run-queries.js';
import { createRunStore } from './run-store.js';
import { createTraceQueries } from './trace-queries.js';

const busyTimeoutMs = 5_000;
// better-sqlite3 builds SQLite with a 16 MB page cache per connection; a run appends rows and reports read them
// once in order, so 4 MB is as fast and keeps a 100,000-result run's memory flat.
const cacheSizeKib = 4_096;
// the gateway reads a key on every request, often just after the trace writer committed; memory-mapped pages
// make that read a memory access instead of system calls. Only for the gateway: every mapped page a connection
// touched counts in its process's RSS, so an eval that writes and reads back a 66 MB store peaked 60 MB higher.
const mmapBytes = 64 * 1024 * 1024;

export interface SqliteOpenOptions {
  /** Map up to 64 MB of the file into memory (the gateway's many small reads); off for everything else. */
  memoryMapped?: boolean;
}

/** The migrated connection every SQLite store module builds on. */
export const openSqliteDatabase = (path: string, options: SqliteOpenOptions = {}): Database.Database => {
  let db: Database.Database | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = -${cacheSizeKib}`);
    if (options.memoryMapped === true && path !== ':memory:') db.pragma(`mmap_size = ${mmapBytes}`);
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new YardstickError('E_STORE', `cannot open the store at ${path}: ${reason}`, { cause: error });
  }
};

/**
 * Every part of the store on one connection; closing the bundle (or any part) closes it.
 * @example const stores = openSqliteStores('.yardstick/yardstick.db'); try { … } finally { await stores.close(); }
 * @throws YardstickError E_STORE when the file cannot be opened or migrated.
 */
export const openSqliteStores = (path: string, options: SqliteOpenOptions = {}): Stores => {
  const db = openSqliteDatabase(path, options);
  return {
    engine: 'sqlite',
    location: path,
    runs: createRunStore(db),
    runQueries: createRunQueries(db),
    gateway: createGatewayStore(db),
    traceQueries: createTraceQueries(db),
    monitor: createMonitorStore(db),
    qualifications: createQualificationStore(db),
    async close() {
      if (db.open) db.close();
    },
  };
};
