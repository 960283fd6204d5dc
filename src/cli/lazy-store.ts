// Opens the store only if a command needs it: comparing two run files must not create a database.
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { defaultDbPath } from './paths.js';

export interface LazyStore {
  /** Opens the store on first use. */
  get: () => Store;
  close: () => void;
}

export const lazyStore = (db: string | undefined): LazyStore => {
  let store: Store | undefined;
  return {
    get: () => {
      store ??= openStore(db ?? defaultDbPath());
      return store;
    },
    close: () => store?.close(),
  };
};
