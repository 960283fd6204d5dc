// Opens the store a location names: a file path or `sqlite:<path>` for the embedded SQLite store, a
// `postgres://` or `postgresql://` URL for PostgreSQL. Anything else is refused before anything is opened.
import { YardstickError } from '../spec/errors.js';
import type { Stores } from './contract/stores.js';
import { parseStoreLocation, redactLocation } from './parse-store-location.js';
import { openSqliteStores, type SqliteOpenOptions } from './sqlite/open-sqlite.js';

/** How a process will use the store; engines take what applies to them. */
export type StoreOpenOptions = SqliteOpenOptions;

/**
 * @example const stores = await openStores(process.env.YARDSTICK_STORE ?? '.yardstick/yardstick.db');
 * try { … } finally { await stores.close(); }
 * @throws YardstickError E_CONFIG for a location it cannot read, E_STORE when the store cannot be opened.
 */
export const openStores = async (location: string, options: StoreOpenOptions = {}): Promise<Stores> => {
  const parsed = parseStoreLocation(location);
  if (parsed.engine === 'sqlite') return openSqliteStores(parsed.path, options);
  const shown = redactLocation(parsed.url);
  try {
    // loaded on demand, so a SQLite user never loads the PostgreSQL driver
    const { openPostgresStores } = await import('./postgres/open-postgres.js');
    return await openPostgresStores(parsed.url);
  } catch (error) {
    if (error instanceof YardstickError && error.message.includes(shown)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    // a driver's message may quote the URL it was given: never let the password through
    const safe = parsed.url === shown ? reason : reason.split(parsed.url).join(shown);
    throw new YardstickError('E_STORE', `cannot open the store at ${shown}: ${safe}`, { cause: error });
  }
};
