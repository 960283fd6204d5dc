// The one pg.Pool every PostgreSQL store part shares: counts and BIGINT ids read as numbers, text made storable,
// and every driver error turned into an E_STORE that names the database (never its password) and what to do.
import pg from 'pg';
import { YardstickError } from '../../spec/errors.js';

export type SqlValue = string | number | null | ReadonlyArray<string | number | null>;

export interface PgDatabase {
  pool: pg.Pool;
  /** The URL with any password removed: safe to print. */
  location: string;
  query<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Runs `work` in one transaction on one connection; rolls back when it throws. */
  transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const int8Oid = 20;
const numericOid = 1700;
// BIGINT ids and token counts, COUNT(*) (int8) and SUM(bigint) (numeric) read as JS numbers, as SQLite gives them
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === int8Oid || oid === numericOid
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/** The URL without its password (in the authority or as `?password=`): safe to print and to store. */
export const withoutPassword = (url: string): string => {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.searchParams.delete('password');
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1@');
  }
};

const poolSizeParam = 'pool_size';
const defaultPoolSize = 10;

/** `?pool_size=N` in the URL sets the pool size (default 10); the parameter is ours, so pg never sees it. */
const splitPoolSize = (url: string, location: string): { connectionString: string; max: number } => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new YardstickError(
      'E_CONFIG',
      `"${location}" is not a PostgreSQL URL; write it as postgres://user@host:5432/database`,
    );
  }
  const size = parsed.searchParams.get(poolSizeParam);
  parsed.searchParams.delete(poolSizeParam);
  if (size === null) return { connectionString: parsed.toString(), max: defaultPoolSize };
  const max = Number(size);
  if (!Number.isInteger(max) || max < 1 || max > 1000) {
    throw new YardstickError(
      'E_CONFIG',
      `${location}: ${poolSizeParam} takes a whole number from 1 to 1000, got "${size}"`,
    );
  }
  return { connectionString: parsed.toString(), max };
};

interface PgErrorFields {
  code?: string;
  message?: string;
}

/** What a user should do about a driver error: the message names the database and the fix. */
export const toStoreError = (error: unknown, location: string, doing: string): YardstickError => {
  if (error instanceof YardstickError) return error;
  const fields = (typeof error === 'object' && error !== null ? error : {}) as PgErrorFields;
  const reason = fields.message ?? String(error);
  const database = URL.canParse(location) ? new URL(location).pathname.slice(1) : '';
  const hints: Record<string, string> = {
    ECONNREFUSED: 'connection refused: is PostgreSQL running there, and are host and port right?',
    ENOTFOUND: 'unknown host: check the host name in the URL',
    ETIMEDOUT: 'the connection timed out: is the host reachable?',
    '28P01': 'password authentication failed: check the user and password (or PGPASSWORD)',
    '28000': 'the server refused this user: check the user name and pg_hba.conf',
    '3D000': `database "${database}" does not exist: create it (\`createdb ${database}\`) or fix the URL`,
    '57P01': 'the server closed the connection (it is shutting down or restarting); try again',
  };
  const hint = fields.code ? hints[fields.code] : undefined;
  return new YardstickError('E_STORE', `${doing} in PostgreSQL at ${location}: ${hint ?? reason}`, {
    cause: error,
    retryable: fields.code === 'ECONNREFUSED' || fields.code === '57P01' || fields.code === 'ETIMEDOUT',
  });
};

/** A pool over `url`; nothing connects until the first query. */
export const createPgDatabase = (url: string): PgDatabase => {
  const location = withoutPassword(url);
  const { connectionString, max } = splitPoolSize(url, location);
  const pool = new pg.Pool({ connectionString, max, types, connectionTimeoutMillis: 10_000 });
  // an idle connection the server drops emits here; without a listener it would end the process. The next
  // query on the pool reports the outage as E_STORE.
  pool.on('error', () => {});
  let closed: Promise<void> | undefined;
  return {
    pool,
    location,
    async query<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
      try {
        const result = await pool.query(sql, params as unknown[]);
        return result.rows as Row[];
      } catch (error) {
        throw toStoreError(error, location, 'a query failed');
      }
    },
    async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw toStoreError(error, location, 'cannot connect');
      }
      try {
        await client.query('BEGIN');
        const value = await work(client);
        await client.query('COMMIT');
        client.release();
        return value;
      } catch (error) {
        // a broken connection is dropped from the pool, not handed to the next caller
        await client.query('ROLLBACK').then(
          () => client.release(),
          (rollbackError: unknown) => client.release(rollbackError as Error),
        );
        throw toStoreError(error, location, 'a transaction failed');
      }
    },
    close() {
      closed ??= pool.end();
      return closed;
    },
  };
};

/** Text as PostgreSQL can keep it: it refuses NUL characters, which SQLite keeps; each becomes U+FFFD. */
export const storableText = <T extends string | null>(value: T): T =>
  (value?.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value) as T;
