// Opens the store a location names: a file path or `sqlite:<path>` for the embedded SQLite store, a
// `postgres://` or `postgresql://` URL for PostgreSQL. Anything else is refused before anything is opened.
import { YardstickError } from '../spec/errors.js';
import type { Stores } from './contract/stores.js';
import { openSqliteStores } from './sqlite/open-sqlite.js';

export type StoreLocation = { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string };

const urlScheme = /^([a-z][a-z0-9+.-]*):\/\//i;

/** The location with any password replaced by `***`: what errors and logs may show. */
export const redactLocation = (location: string): string => {
  if (!urlScheme.test(location)) return location;
  try {
    const url = new URL(location);
    const inQuery = url.searchParams.has('password');
    if (url.password === '' && !inQuery) return location;
    if (url.password !== '') url.password = '***';
    if (inQuery) url.searchParams.set('password', '***');
    return url.toString();
  } catch {
    // not a URL we can parse: hide everything between the scheme and an @, where a password would be
    return location.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1***@');
  }
};

/**
 * Reads a store location. The message of a refusal names the location (password removed) and what is accepted;
 * callers prefix it with where the location came from (`--store`, `YARDSTICK_STORE`, gateway.yaml `store`).
 * @throws YardstickError E_CONFIG for an empty location or an unknown URL scheme.
 */
export const parseStoreLocation = (location: string): StoreLocation => {
  const trimmed = location.trim();
  if (trimmed === '') {
    throw new YardstickError(
      'E_CONFIG',
      'the store location is empty; give a file path, sqlite:<path> or postgres://…',
    );
  }
  if (/^sqlite:/i.test(trimmed)) {
    // sqlite:<path>, sqlite://<path> and sqlite:///<absolute path> all name the file after the prefix
    const path = trimmed.replace(/^sqlite:(\/\/)?/i, '');
    if (path === '') {
      throw new YardstickError(
        'E_CONFIG',
        `"${trimmed}" names no file; write sqlite:<path>, e.g. sqlite:.yardstick/yardstick.db`,
      );
    }
    return { engine: 'sqlite', path };
  }
  const scheme = urlScheme.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === undefined) return { engine: 'sqlite', path: trimmed };
  if (scheme === 'postgres' || scheme === 'postgresql') return { engine: 'postgres', url: trimmed };
  throw new YardstickError(
    'E_CONFIG',
    `"${redactLocation(trimmed)}" is not a store yardstick can open (scheme "${scheme}:"); give a file path, sqlite:<path>, or a postgres:// or postgresql:// URL`,
  );
};

/**
 * @example const stores = await openStores(process.env.YARDSTICK_STORE ?? '.yardstick/yardstick.db');
 * try { … } finally { await stores.close(); }
 * @throws YardstickError E_CONFIG for a location it cannot read, E_STORE when the store cannot be opened.
 */
export const openStores = async (location: string): Promise<Stores> => {
  const parsed = parseStoreLocation(location);
  if (parsed.engine === 'sqlite') return openSqliteStores(parsed.path);
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
