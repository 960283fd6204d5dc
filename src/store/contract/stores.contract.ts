// The store contract as tests: the same cases run against any engine's `Stores` (see postgres-stores.test.ts),
// so SQLite and PostgreSQL agree on ordering, upserts, resume, cursors, aggregates and key versions.
import { afterEach, beforeEach, describe } from 'vitest';
import { gatewayStoreCases } from './gateway-store.contract.js';
import { monitorStoreCases } from './monitor-store.contract.js';
import { queryCases } from './queries.contract.js';
import { runStoreCases } from './run-store.contract.js';
import { run } from './samples.contract.js';
import type { Stores } from './stores.js';

export interface OpenedStores {
  stores: Stores;
  /** Closes the stores and removes what `open` made. */
  cleanup(): Promise<void>;
}

/** Registers the contract's cases for one engine; `open` gives fresh, empty stores for each case. */
export const describeStoreContract = (name: string, open: () => Promise<OpenedStores>): void => {
  describe(`the store contract on ${name}`, () => {
    let opened: OpenedStores;
    let stores: Stores;
    beforeEach(async () => {
      opened = await open();
      stores = opened.stores;
      await stores.runs.createRun(run());
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    const current = (): Stores => stores;
    runStoreCases(current);
    gatewayStoreCases(current);
    monitorStoreCases(current);
    queryCases(current);
  });
};
