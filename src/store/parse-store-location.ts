// Reads a store location without opening anything: a file path or `sqlite:<path>` names the embedded SQLite store,
// a `postgres://` or `postgresql://` URL names PostgreSQL; anything else is refused. Also hides passwords for display.
import { YardstickError } from '../spec/errors.js';

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
