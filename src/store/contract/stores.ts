// One store, every part of it: what `openStores(url)` gives for either engine. The parts share one connection
// (SQLite) or one pool (PostgreSQL); closing the bundle closes it once.
import type { GatewayStore } from './gateway-store.js';
import type { MonitorStore } from './monitor-store.js';
import type { QualificationStore } from './qualification-store.js';
import type { RunQueries } from './run-queries.js';
import type { RunStore } from './run-store.js';
import type { TraceQueries } from './trace-queries.js';

export type StoreEngine = 'sqlite' | 'postgres';

export interface Stores {
  engine: StoreEngine;
  /** Where the store is, with any password removed: safe to print. */
  location: string;
  runs: RunStore;
  runQueries: RunQueries;
  gateway: GatewayStore;
  traceQueries: TraceQueries;
  monitor: MonitorStore;
  qualifications: QualificationStore;
  close(): Promise<void>;
}
