// A fresh PostgreSQL database for a queue test on the local server (127.0.0.1:5432, user postgres), dropped after.
// Under CI=true a missing server is a failure; elsewhere the test is skipped and says why.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const postgresAdminUrl =
  process.env.YARDSTICK_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

const withAdmin = async <T>(run: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
};

/** Whether the test server answers; the reason when it does not. */
export const postgresAvailable = async (): Promise<{ ok: true } | { ok: false; reason: string }> => {
  try {
    await withAdmin((client) => client.query('select 1'));
    return { ok: true };
  } catch (error) {
    return {
      ok: false,
      reason: `PostgreSQL at ${postgresAdminUrl} is not reachable: ${(error as Error).message}`,
    };
  }
};

export const createFreshDatabase = async (prefix = 'yardstick_queue'): Promise<FreshDatabase> => {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
};
