// Stores results that finish in the same turn of the event loop in one transaction: each result is on disk
// within a turn of its call finishing, at a fraction of the cost of a transaction per result.

import type { RunStore } from '../store/contract/run-store.js';
import type { ResultInput } from '../store/contract/store-types.js';

interface Pending {
  record: ResultInput;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface ResultWriter {
  /** Resolves once the result is committed; rejects with the store's error. */
  write(record: ResultInput): Promise<void>;
}

export const createResultWriter = (store: RunStore): ResultWriter => {
  let pending: Pending[] = [];
  let scheduled = false;

  const flush = (): void => {
    scheduled = false;
    const batch = pending;
    pending = [];
    const fail = (error: unknown): void => {
      for (const item of batch) item.reject(error);
    };
    // the batch is committed while the next one gathers: each call of the store is one transaction
    let committed: Promise<boolean[]>;
    try {
      committed = store.recordResults(batch.map((item) => item.record));
    } catch (error) {
      fail(error);
      return;
    }
    committed.then(() => {
      for (const item of batch) item.resolve();
    }, fail);
  };

  return {
    write(record) {
      return new Promise((resolve, reject) => {
        pending.push({ record, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
};
