// Stores results that finish in the same turn of the event loop in one transaction: each result is on disk
// within a turn of its call finishing, at a fraction of the cost of a transaction per result.

import type { ResultInput } from '../store/contract/store-types.js';
import type { Store } from '../store/store.js';

interface Pending {
  record: ResultInput;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface ResultWriter {
  /** Resolves once the result is committed; rejects with the store's error. */
  write(record: ResultInput): Promise<void>;
}

export const createResultWriter = (store: Store): ResultWriter => {
  let pending: Pending[] = [];
  let scheduled = false;

  const flush = (): void => {
    scheduled = false;
    const batch = pending;
    pending = [];
    try {
      store.recordResults(batch.map((item) => item.record));
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    for (const item of batch) item.resolve();
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
