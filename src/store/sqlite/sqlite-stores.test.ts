// The store contract's shared cases on SQLite: the same ones PostgreSQL passes (postgres-stores.test.ts), so the
// two engines agree on ordering, upserts, resume, cursors, aggregates and key versions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeStoreContract } from '../contract/stores.contract.js';
import { openSqliteStores } from './open-sqlite.js';

describeStoreContract('SQLite', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ys-sqlite-contract-'));
  const stores = openSqliteStores(path.join(dir, 'yardstick.db'));
  return {
    stores,
    async cleanup() {
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
