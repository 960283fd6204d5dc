// Opens the store only if a command needs it: comparing two run files must not create a database.
import type { RunStore } from '../store/contract/run-store.js';
import type { Stores } from '../store/contract/stores.js';
import { openChosenStore, type StoreChoice } from './store-location.js';

export interface LazyStore {
  /** Opens the store on first use; callers at the same time share the one opening. */
  get: () => Promise<RunStore>;
  close: () => Promise<void>;
}

export const lazyStore = (choice: StoreChoice): LazyStore => {
  let opening: Promise<Stores> | undefined;
  return {
    get: async () => {
      opening ??= openChosenStore(choice);
      return (await opening).runs;
    },
    close: async () => {
      if (opening === undefined) return;
      // a store that failed to open has nothing to close; its error was thrown to whoever asked for it
      const stores = await opening.catch(() => undefined);
      await stores?.close();
    },
  };
};
