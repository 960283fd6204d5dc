// Which store a command opens: `--store <url>` (or its older name `--db <path>`), then gateway.yaml's `store:`
// where the command reads one, then YARDSTICK_STORE, then .yardstick/yardstick.db. A location that names no
// store yardstick can open is a user error naming where it came from.
import { YardstickError } from '../spec/errors.js';
import type { Stores } from '../store/contract/stores.js';
import { openStores, type StoreOpenOptions } from '../store/open-stores.js';
import { parseStoreLocation } from '../store/parse-store-location.js';
import { defaultDbPath } from './paths.js';

export interface StoreChoice {
  location: string;
  /** Where the location came from, as the user wrote it: `--store`, `YARDSTICK_STORE`, `gateway.yaml store`. */
  source: string;
}

/** The `--store` and `--db` options every command that opens the store takes. */
export const storeOptions = {
  store: { type: 'string' },
  db: { type: 'string' },
} as const;

/** One line for a command's help. */
export const storeHelp =
  '--store <url>  the store: a path, sqlite:<path> or postgres://… (default YARDSTICK_STORE, else .yardstick/yardstick.db); --db <path> is the older name';

export const chooseStore = (
  values: { store?: string | undefined; db?: string | undefined },
  config?: { store?: string | undefined; file?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): StoreChoice => {
  if (values.store !== undefined && values.db !== undefined && values.store !== values.db) {
    throw new YardstickError(
      'E_CONFIG',
      '--store and --db name two stores; give one (--db is the older name)',
    );
  }
  const choice: StoreChoice =
    values.store !== undefined
      ? { location: values.store, source: '--store' }
      : values.db !== undefined
        ? { location: values.db, source: '--db' }
        : config?.store !== undefined
          ? { location: config.store, source: `${config.file ?? 'gateway.yaml'} store` }
          : env.YARDSTICK_STORE !== undefined && env.YARDSTICK_STORE !== ''
            ? { location: env.YARDSTICK_STORE, source: 'YARDSTICK_STORE' }
            : { location: defaultDbPath(), source: 'the default store' };
  try {
    parseStoreLocation(choice.location);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new YardstickError('E_CONFIG', `${choice.source}: ${reason}`);
  }
  return choice;
};

/** Opens the chosen store; its errors name the location (password removed). */
export const openChosenStore = (choice: StoreChoice, options: StoreOpenOptions = {}): Promise<Stores> =>
  openStores(choice.location, options);
