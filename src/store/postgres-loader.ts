// Loads the PostgreSQL store on demand, so a SQLite user never loads `pg`. Until src/store/postgres/ is in this
// build the import fails and the user is told so; the specifier is a variable so the build does not need the file.
import { YardstickError } from '../spec/errors.js';
import type { Stores } from './contract/stores.js';

interface PostgresModule {
  openPostgresStores(url: string): Promise<Stores>;
}

const modulePath = './postgres/open-postgres.js';

export const loadPostgresStores = async (url: string, location: string): Promise<Stores> => {
  let loaded: PostgresModule;
  try {
    loaded = (await import(modulePath)) as PostgresModule;
  } catch (error) {
    throw new YardstickError(
      'E_STORE',
      `cannot open the store at ${location}: PostgreSQL store not available in this build`,
      {
        cause: error,
      },
    );
  }
  return loaded.openPostgresStores(url);
};
