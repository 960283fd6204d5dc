// Copying a store: everything arrives as it was, a second copy adds nothing, a key whose name is taken in the
// target is reported instead of lost silently, and `yardstick store copy` prints what it added. PostgreSQL to
// PostgreSQL here (two fresh databases); the copy goes through the contract only, so any engine pair works alike.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { storeCommand } from '../cli/store-command.js';
import { createTestDatabase, probePostgres, type TestDatabase } from '../testing/postgres-database.js';
import {
  sampleKey,
  sampleMonitorSample,
  sampleQualification,
  sampleResult,
  sampleTrace,
} from './contract/samples.contract.js';
import type { Stores } from './contract/stores.js';
import { copyStores } from './copy-stores.js';
import { openPostgresStores } from './postgres/open-postgres.js';

const probe = await probePostgres();

const collect = async <T>(rows: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const row of rows) all.push(row);
  return all;
};

/** Everything a store holds, without the ids the target assigns anew. */
const contents = async (stores: Stores) => {
  const runs = await collect(stores.runs.iterateRuns());
  const perRun = await Promise.all(
    runs.map(async (run) => {
      const results = await collect(stores.runs.iterateResults(run.id));
      return {
        run: { ...run, ownerPid: undefined, heartbeatAt: undefined },
        skipped: await stores.runs.skippedModels(run.id),
        results: await Promise.all(
          results.map(async ({ id, ...result }) => ({
            ...result,
            assertions: (await stores.runs.assertionsForResult(id)).map(({ resultId: _, ...row }) => row),
          })),
        ),
      };
    }),
  );
  return {
    perRun,
    keys: await stores.gateway.listKeys(),
    traces: await collect(stores.gateway.traces({})),
    samples: await collect(stores.monitor.iterateSamples()),
    qualifications: (await collect(stores.qualifications.iterateRecords())).map(
      ({ id: _, ...record }) => record,
    ),
  };
};

const fill = async (stores: Stores): Promise<void> => {
  const base = {
    suiteName: 'faq',
    suitePath: 'suite.yaml',
    suiteHash: 'abc',
    config: { repeat: 2 },
    totalPlanned: 4,
  };
  await stores.runs.createRun({ id: 'run-1', startedAt: '2026-11-01T10:00:00.000Z', ...base });
  await stores.runs.createRun({ id: 'run-2', startedAt: '2026-11-02T10:00:00.000Z', ...base });
  await stores.runs.recordResults([
    sampleResult(),
    sampleResult({ repeat: 1, pass: false, output: 'London' }),
    sampleResult({ testId: 't2', errorCode: 'E_TIMEOUT', errorMessage: 'slow', assertions: [] }),
    sampleResult({
      testId: 't3',
      assertions: [
        { type: 'llm-rubric', pass: false, score: 0, weight: 1, reason: 'judge down', skipped: true },
      ],
    }),
    sampleResult({ runId: 'run-2', toolCalls: [] }),
  ]);
  await stores.runs.finishRun('run-1', 'completed', '2026-11-01T10:05:00.000Z');
  await stores.runs.recordSkippedModel('run-1', 'ollama:llama3', 'connection refused');
  // a revoked key and a newer live key share a name
  await stores.gateway.insertKey(sampleKey({ id: 'k-old', createdAt: '2026-10-01T00:00:00.000Z' }));
  await stores.gateway.revokeKey('k-old', '2026-10-15T00:00:00.000Z');
  await stores.gateway.insertKey(sampleKey({ id: 'k-new' }));
  await stores.gateway.insertKey(sampleKey({ id: 'k-b', name: 'team-b', routes: null, budgetUsd: null }));
  await stores.gateway.insertTraces(
    Array.from({ length: 1_200 }, (_, index) =>
      sampleTrace({
        id: `tr-${String(index).padStart(4, '0')}`,
        startedAt: new Date(Date.UTC(2026, 10, 1) + index * 1000).toISOString(),
        responseJson: index % 2 === 0 ? '{"choices":[]}' : null,
      }),
    ),
  );
  await stores.monitor.insertSamples([
    sampleMonitorSample(),
    sampleMonitorSample({ traceId: 'tr-2', pass: false, score: 0 }),
    sampleMonitorSample({
      traceId: 'tr-3',
      scored: false,
      pass: null,
      score: null,
      notScoredReason: 'judge down',
    }),
  ]);
  await stores.qualifications.insert(sampleQualification('faq', 'a', '2026-11-28T00:00:00Z'));
  await stores.qualifications.insert(sampleQualification('faq', null, '2026-11-29T00:00:00Z'));
};

describe.skipIf(!probe.reachable)('copying a store', () => {
  let databases: TestDatabase[];
  let source: Stores;
  let target: Stores;
  beforeEach(async () => {
    databases = await Promise.all([createTestDatabase(), createTestDatabase()]);
    [source, target] = (await Promise.all(databases.map((database) => openPostgresStores(database.url)))) as [
      Stores,
      Stores,
    ];
  });
  afterEach(async () => {
    await Promise.all([source.close(), target.close()]);
    await Promise.all(databases.map((database) => database.drop()));
  });

  it('copies every part as it was, and a second copy adds nothing', async () => {
    await fill(source);
    const first = await copyStores(source, target, { batchSize: 500 });
    expect(first).toEqual({
      runs: { read: 2, added: 2 },
      results: { read: 5, added: 5 },
      skippedModels: { read: 1, added: 1 },
      keys: { read: 3, added: 3, conflicts: [] },
      traces: { read: 1_200, added: 1_200 },
      monitorSamples: { read: 3, added: 3 },
      qualifications: { read: 2, added: 2 },
    });
    expect(await contents(target)).toEqual(await contents(source));
    expect((await target.runs.getRun('run-1'))?.status).toBe('completed');
    expect((await target.gateway.getKey('k-new'))?.revokedAt).toBeNull();
    expect((await target.qualifications.latest())[0]?.chosen).toBeNull();

    const second = await copyStores(source, target);
    expect(second).toEqual({
      runs: { read: 2, added: 0 },
      results: { read: 5, added: 0 },
      skippedModels: { read: 1, added: 0 },
      keys: { read: 3, added: 0, conflicts: [] },
      traces: { read: 1_200, added: 0 },
      monitorSamples: { read: 3, added: 0 },
      qualifications: { read: 2, added: 0 },
    });
    expect(await contents(target)).toEqual(await contents(source));
  });

  it('reports a key whose name a live key of the target already has, and copies the rest', async () => {
    await source.gateway.insertKey(sampleKey({ id: 'k-source' }));
    await source.gateway.insertKey(sampleKey({ id: 'k-other', name: 'team-b' }));
    await target.gateway.insertKey(sampleKey({ id: 'k-target' }));
    const report = await copyStores(source, target);
    expect(report.keys).toEqual({
      read: 2,
      added: 1,
      conflicts: [{ id: 'k-source', name: 'team-a', targetId: 'k-target' }],
    });
    expect(await target.gateway.getKey('k-other')).toBeDefined();
  });

  it('runs as `yardstick store copy`, printing what it added, and refuses a copy onto itself', async () => {
    await fill(source);
    const [from, to] = databases.map((database) => database.url) as [string, string];
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      expect(await storeCommand(['copy', '--from', from, '--to', to], openPostgresStores)).toBe(0);
      expect(await storeCommand(['copy', '--from', from, '--to', to], openPostgresStores)).toBe(0);
    } finally {
      write.mockRestore();
    }
    const output = printed.join('');
    expect(output).toMatch(/traces\s+1200 added {2}\(1200 in the source\)/);
    expect(output).toMatch(/traces\s+0 added {2}\(1200 in the source\)/);
    expect(output).toMatch(/results\s+5 added/);
    await expect(
      storeCommand(['copy', '--from', from, '--to', from], openPostgresStores),
    ).rejects.toMatchObject({
      code: 'E_CONFIG',
      message: expect.stringContaining('same store'),
    });
    await expect(storeCommand(['copy', '--from', from], openPostgresStores)).rejects.toMatchObject({
      code: 'E_CONFIG',
      message: expect.stringContaining('needs --from and --to'),
    });
  });
});
