// Brings a PostgreSQL database up to the newest migration of the shared list. Each migration runs in its own
// transaction under one advisory lock, so replicas starting at once wait for each other and migrate once.
import { YardstickError } from '../../spec/errors.js';
import { checkNumbering, type Migration, migrationSql } from '../migrations/migration.js';
import { migrations } from '../migrations.js';
import type { PgDatabase } from './pg-database.js';

/** Any fixed number: every yardstick process that migrates takes this same lock. */
const migrationLock = 7_961_726_100;

/** Returns the schema version the database ends at. */
export const migratePostgres = async (
  database: PgDatabase,
  list: readonly Migration[] = migrations,
): Promise<number> => {
  checkNumbering(list);
  const latest = list.length;
  let version = 0;
  for (const migration of list) {
    version = await database.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLock]);
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
          version INTEGER PRIMARY KEY,
          description TEXT NOT NULL,
          applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )`);
      const applied = await client.query<{ version: number | null }>(
        'SELECT MAX(version) AS version FROM schema_migrations',
      );
      const current = applied.rows[0]?.version ?? 0;
      if (current > latest) {
        throw new YardstickError(
          'E_STORE',
          `the store at ${database.location} has schema version ${current} but this yardstick knows only ${latest}; upgrade yardstick`,
        );
      }
      // another replica may have applied it while this one waited for the lock
      if (current >= migration.version) return current;
      try {
        await client.query(migrationSql(migration, 'postgres'));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new YardstickError(
          'E_STORE',
          `migration ${migration.version} (${migration.description}) failed in ${database.location}, nothing of it was applied: ${reason}`,
          { cause: error },
        );
      }
      await client.query('INSERT INTO schema_migrations (version, description) VALUES ($1, $2)', [
        migration.version,
        migration.description,
      ]);
      return migration.version;
    });
  }
  return version;
};
