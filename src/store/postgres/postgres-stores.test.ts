// The PostgreSQL store: the whole store contract, plus what only a shared server has — replicas migrating at
// once, key versions and names across replicas, connection errors a user can act on, and streaming at volume.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, probePostgres, type TestDatabase } from '../../testing/postgres-database.js';
import { sampleKey, sampleResult, sampleTrace } from '../contract/samples.contract.js';
import { describeStoreContract } from '../contract/stores.contract.js';
import type { Stores } from '../contract/stores.js';
import { migrations } from '../migrations.js';
import { migratePostgres } from './migrate-postgres.js';
import { openPostgresStores } from './open-postgres.js';
import { createPgDatabase } from './pg-database.js';

const probe = await probePostgres();

/** One migrated database to copy for each case: CREATE DATABASE … TEMPLATE is much faster than migrating. */
let template: TestDatabase | undefined;
const templateName = async (): Promise<string> => {
  if (!template) {
    template = await createTestDatabase();
    await (await openPostgresStores(template.url)).close();
  }
  return template.name;
};
afterAll(async () => {
  await template?.drop();
});

const openFresh = async (): Promise<{ stores: Stores; cleanup(): Promise<void> }> => {
  const database = await createTestDatabase({ template: await templateName() });
  const stores = await openPostgresStores(database.url);
  return {
    stores,
    cleanup: async () => {
      await stores.close();
      await database.drop();
    },
  };
};

if (probe.reachable) {
  describeStoreContract('PostgreSQL', openFresh);
} else {
  describe.skip(`the PostgreSQL store (${probe.reason})`, () => {
    it('needs a PostgreSQL server', () => {});
  });
}

describe.skipIf(!probe.reachable)('the PostgreSQL store', () => {
  describe('opening', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(async () => {
      await database.drop();
    });

    it('migrates once when three replicas open a new database at the same time', async () => {
      const replicas = await Promise.all([1, 2, 3].map(() => openPostgresStores(database.url)));
      const applied = createPgDatabase(database.url);
      try {
        const rows = await applied.query<{ version: number }>(
          'SELECT version FROM schema_migrations ORDER BY 1',
        );
        expect(rows.map((row) => row.version)).toEqual(migrations.map((migration) => migration.version));
        // every replica works on the one schema
        await replicas[0]?.runs.createRun({
          id: 'r',
          suiteName: 's',
          suitePath: 's.yaml',
          suiteHash: 'h',
          startedAt: '2026-11-01T00:00:00.000Z',
          config: {},
          totalPlanned: 1,
        });
        expect((await replicas[2]?.runs.getRun('r'))?.suiteName).toBe('s');
      } finally {
        await applied.close();
        await Promise.all(replicas.map((stores) => stores.close()));
      }
    });

    it('rolls a failing migration back whole, keeping the version before it', async () => {
      const fresh = await createTestDatabase();
      const raw = createPgDatabase(fresh.url);
      try {
        const broken = [
          { version: 1, description: 'one', sql: 'CREATE TABLE a (x INTEGER);' },
          {
            version: 2,
            description: 'two',
            sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);',
          },
        ];
        await expect(migratePostgres(raw, broken)).rejects.toMatchObject({
          code: 'E_STORE',
          message: expect.stringContaining('migration 2 (two) failed'),
        });
        const tables = await raw.query<{ table_name: string }>(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
        );
        expect(tables.map((row) => row.table_name)).toEqual(['a', 'schema_migrations']);
        expect(await migratePostgres(raw, broken.slice(0, 1))).toBe(1);
      } finally {
        await raw.close();
        await fresh.drop();
      }
    });

    it('refuses a database migrated by a newer yardstick, saying to upgrade', async () => {
      const raw = createPgDatabase(database.url);
      await raw.query("INSERT INTO schema_migrations (version, description) VALUES (999, 'from the future')");
      try {
        await expect(openPostgresStores(database.url)).rejects.toMatchObject({
          code: 'E_STORE',
          message: expect.stringMatching(/schema version 999.*upgrade yardstick/),
        });
      } finally {
        await raw.query('DELETE FROM schema_migrations WHERE version = 999');
        await raw.close();
      }
    });

    it('names an unreachable server without its password, and says what to check', async () => {
      const error = await openPostgresStores('postgres://yardstick:s3cret@127.0.0.1:1/yardstick').catch(
        (caught: unknown) => caught,
      );
      expect(error).toMatchObject({
        code: 'E_STORE',
        message: expect.stringContaining('connection refused'),
      });
      const message = (error as Error).message;
      expect(message).toContain('postgres://yardstick@127.0.0.1:1/yardstick');
      expect(message).not.toContain('s3cret');
    });

    it('says how to create a database that does not exist', async () => {
      const missing = new URL(database.url);
      missing.pathname = '/yardstick_test_missing_database';
      await expect(openPostgresStores(missing.toString())).rejects.toMatchObject({
        code: 'E_STORE',
        message: expect.stringContaining(
          'does not exist: create it (`createdb yardstick_test_missing_database`)',
        ),
      });
    });

    it('takes the pool size from the URL, and refuses a wrong one naming the parameter', async () => {
      const sized = createPgDatabase(`${database.url}?pool_size=3&password=hidden`);
      expect(sized.pool.options.max).toBe(3);
      expect(sized.location).not.toContain('hidden');
      await sized.close();
      const plain = createPgDatabase(database.url);
      expect(plain.pool.options.max).toBe(10);
      await plain.close();
      await expect(openPostgresStores(`${database.url}?pool_size=lots`)).rejects.toMatchObject({
        code: 'E_CONFIG',
        message: expect.stringContaining('pool_size takes a whole number'),
      });
    });
  });

  describe('replicas sharing one database', () => {
    let opened: Awaited<ReturnType<typeof openFresh>>;
    let other: Stores;
    beforeAll(async () => {
      opened = await openFresh();
      other = await openPostgresStores(opened.stores.location);
    });
    afterAll(async () => {
      await other.close();
      await opened.cleanup();
    });

    it('sees a key revoked by another replica through keysVersion', async () => {
      const mine = opened.stores.gateway;
      await mine.insertKey(sampleKey());
      const before = await mine.keysVersion();
      expect(await other.gateway.revokeKey('k1', '2026-11-02T00:00:00.000Z')).toBe(true);
      expect(await mine.keysVersion()).not.toBe(before);
      expect((await mine.getKey('k1'))?.revokedAt).toBe('2026-11-02T00:00:00.000Z');
    });

    it('lets exactly one of many replicas racing for a name take it', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          (index % 2 === 0 ? opened.stores : other).gateway.insertKey(
            sampleKey({ id: `race-${index}`, name: 'contested' }),
          ),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.inserted)).toHaveLength(1);
      expect((await other.gateway.listKeys()).filter((key) => key.name === 'contested')).toHaveLength(1);
    });
  });

  describe('at volume', () => {
    let opened: Awaited<ReturnType<typeof openFresh>>;
    beforeAll(async () => {
      opened = await openFresh();
    });
    afterAll(async () => {
      await opened.cleanup();
    });

    it('streams 100,000 results in order while the heap stays far below the data size', async () => {
      const { runs } = opened.stores;
      await runs.createRun({
        id: 'big',
        suiteName: 'big',
        suitePath: 'big.yaml',
        suiteHash: 'h',
        startedAt: '2026-11-01T00:00:00.000Z',
        config: {},
        totalPlanned: 100_000,
      });
      const output = 'o'.repeat(600);
      const total = 100_000;
      const batch = 2_000;
      for (let start = 0; start < total; start += batch) {
        const inputs = Array.from({ length: batch }, (_, offset) => {
          const index = start + offset;
          return sampleResult({
            runId: 'big',
            modelId: `m${index % 2}`,
            testId: `case-${String(Math.floor(index / 2)).padStart(6, '0')}`,
            output: `${index} ${output}`,
            assertions: [{ type: 'contains', pass: true, score: 1, weight: 1, reason: 'ok' }],
          });
        });
        expect((await runs.recordResults(inputs)).every(Boolean)).toBe(true);
      }
      expect(await runs.countResults('big')).toBe(total);

      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      gc();
      const baseline = process.memoryUsage().heapUsed;
      let peakGrowth = 0;
      let seen = 0;
      let previous = '';
      let outputChars = 0;
      for await (const row of runs.iterateResults('big')) {
        const key = `${row.modelId}/${row.testId}/${row.repeat}`;
        expect(key > previous).toBe(true);
        previous = key;
        outputChars += row.output?.length ?? 0;
        seen += 1;
        if (seen % 10_000 === 0) {
          gc();
          peakGrowth = Math.max(peakGrowth, process.memoryUsage().heapUsed - baseline);
        }
      }
      expect(seen).toBe(total);
      // the outputs alone are 60 MB; a streamed read keeps one page of them
      expect(outputChars).toBeGreaterThan(60_000_000);
      expect(peakGrowth).toBeLessThan(8 * 1024 * 1024);

      let assertions = 0;
      for await (const _ of runs.iterateAssertions('big')) assertions += 1;
      expect(assertions).toBe(total);
    }, 180_000);

    it('stores 20,000 traces in batches of 2,000, and a replayed batch adds nothing', async () => {
      const { gateway } = opened.stores;
      const traces = Array.from({ length: 20_000 }, (_, index) =>
        sampleTrace({
          id: `bulk-${String(index).padStart(5, '0')}`,
          startedAt: new Date(Date.UTC(2026, 10, 1) + index * 1000).toISOString(),
          requestJson: JSON.stringify({ messages: [{ role: 'user', content: `question ${index}` }] }),
        }),
      );
      for (let start = 0; start < traces.length; start += 2_000) {
        await gateway.insertTraces(traces.slice(start, start + 2_000));
      }
      await gateway.insertTraces(traces.slice(4_000, 6_000));
      expect(await gateway.countTraces()).toBe(20_000);
      let count = 0;
      let newest = '';
      for await (const trace of gateway.traces({})) {
        if (count === 0) newest = trace.id;
        count += 1;
      }
      expect(count).toBe(20_000);
      expect(newest).toBe('bulk-19999');
      expect(await opened.stores.traceQueries.trace('bulk-00042')).toMatchObject({
        requestJson: JSON.stringify({ messages: [{ role: 'user', content: 'question 42' }] }),
      });
    }, 120_000);
  });
});
