// Opens (creating if needed) the embedded SQLite results store: WAL so readers never block the writer,
// synchronous NORMAL (durable across process crashes, fast), a busy timeout for a second process, foreign keys on.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { YardstickError } from '../spec/errors.js';
import { createGatewayStore, type GatewayStore } from './gateway-store.js';
import { migrate } from './migrations.js';
import { createMonitorStore, type MonitorStore } from './monitor-store.js';
import { createQualificationStore, type QualificationStore } from './qualification-store.js';
import { createStore, type Store } from './store.js';

const busyTimeoutMs = 5_000;
// better-sqlite3 builds SQLite with a 16 MB page cache per connection; a run appends rows and reports read them
// once in order, so 4 MB is as fast and keeps a 100,000-result run's memory flat.
const cacheSizeKib = 4_096;

/**
 * @example const store = openStore('.yardstick/yardstick.db'); try { … } finally { store.close(); }
 * @throws YardstickError E_STORE when the file cannot be opened or migrated.
 */
export const openStore = (path: string): Store => createStore(openDatabase(path));

/** The migrated connection every store module builds on. */
export const openDatabase = (path: string): Database.Database => {
  let db: Database.Database | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = -${cacheSizeKib}`);
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new YardstickError('E_STORE', `cannot open the results store at ${path}: ${reason}`, {
      cause: error,
    });
  }
};

/** The gateway's keys and traces, in the same database file as the runs. */
export const openGatewayStore = (path: string): GatewayStore => {
  const db = openDatabase(path);
  // the gateway reads a key on every request, often just after the trace writer committed; memory-mapped
  // pages make that read a memory access instead of system calls
  if (path !== ':memory:') db.pragma(`mmap_size = ${64 * 1024 * 1024}`);
  return createGatewayStore(db);
};

/** Monitor samples, in the same database file as the traces they belong to. */
export const openMonitorStore = (path: string): MonitorStore => createMonitorStore(openDatabase(path));

/** Qualification records (and the trace counts routing reads), on a connection of their own. */
export const openQualificationStore = (path: string): QualificationStore =>
  createQualificationStore(openDatabase(path));
