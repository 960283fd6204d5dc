// Opens the PostgreSQL store: one pool (`?pool_size=N` in the URL, default 10) shared by every part, the schema
// migrated first. An unreachable server, a refused login or a missing database is an E_STORE that says what to do.
import type { Stores } from '../contract/stores.js';
import { createPgGatewayStore } from './gateway-store.js';
import { migratePostgres } from './migrate-postgres.js';
import { createPgMonitorStore } from './monitor-store.js';
import { createPgDatabase, toStoreError } from './pg-database.js';
import { createPgQualificationStore } from './qualification-store.js';
import { createPgRunQueries } from './run-queries.js';
import { createPgRunStore } from './run-store.js';
import { createPgTraceQueries } from './trace-queries.js';

/**
 * @example const stores = await openPostgresStores('postgres://yardstick@db:5432/yardstick'); … await stores.close();
 * @throws YardstickError E_STORE when the database cannot be reached or migrated; E_CONFIG for a malformed URL.
 */
export const openPostgresStores = async (url: string): Promise<Stores> => {
  const database = createPgDatabase(url);
  try {
    await migratePostgres(database);
  } catch (error) {
    await database.close();
    throw toStoreError(error, database.location, 'cannot open the store');
  }
  const qualifications = createPgQualificationStore(database);
  return {
    engine: 'postgres',
    location: database.location,
    runs: createPgRunStore(database),
    runQueries: createPgRunQueries(database),
    gateway: createPgGatewayStore(database),
    traceQueries: createPgTraceQueries(database),
    monitor: createPgMonitorStore(database, qualifications),
    qualifications,
    close: () => database.close(),
  };
};
