// A fresh PostgreSQL database per test file on the local server (127.0.0.1:5432, user postgres, trust auth, as on
// the developers' machines and CI), dropped after. Without a reachable server a suite skips and says why; under
// CI=true it fails instead, since CI has one and a skipped store suite there would hide a broken engine.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server's maintenance database; YARDSTICK_TEST_POSTGRES points the tests at another server. */
export const testServerUrl =
  process.env.YARDSTICK_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  name: string;
  /** Ends every connection to it, then drops it. */
  drop(): Promise<void>;
}

const withAdmin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: testServerUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

/**
 * Whether the test server answers. Under CI=true an unreachable server throws, so the suite fails; elsewhere the
 * reason comes back for `describe.skipIf`, and is printed once so a skip is never silent.
 */
export const probePostgres = async (): Promise<
  { reachable: true } | { reachable: false; reason: string }
> => {
  try {
    await withAdmin((client) => client.query('SELECT 1'));
    return { reachable: true };
  } catch (error) {
    const reason = `PostgreSQL at ${testServerUrl} is unreachable (${error instanceof Error ? error.message : String(error)})`;
    if (process.env.CI === 'true')
      throw new Error(`${reason}; CI runs the PostgreSQL store tests and needs it`);
    process.stderr.write(`skipping the PostgreSQL store tests: ${reason}\n`);
    return { reachable: false, reason };
  }
};

/**
 * Creates `yardstick_test_<random>` and returns its URL and how to drop it. A `template` (a database nobody is
 * connected to, e.g. one already migrated) is copied, which is much faster than migrating each new database.
 */
export const createTestDatabase = async (options: { template?: string } = {}): Promise<TestDatabase> => {
  const name = `yardstick_test_${randomBytes(6).toString('hex')}`;
  const template = options.template ? ` TEMPLATE ${options.template}` : '';
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}${template}`));
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      withAdmin(async (client) => {
        await client.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [name],
        );
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
};
