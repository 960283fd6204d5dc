import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, probePostgres, type TestDatabase } from '../testing/postgres-database.js';
import {
  type CallJob,
  callJobKey,
  openRunQueue,
  type RunQueue,
  runIdOfQueue,
  runQueueName,
} from './run-queue.js';

// under CI=true a missing PostgreSQL fails here; elsewhere the tests are skipped and the probe says why
const postgres = await probePostgres();
const withPostgres = describe.skipIf(!postgres.reachable);

const calls = (runId: string, count: number): CallJob[] =>
  Array.from({ length: count }, (_, index) => ({
    runId,
    promptId: 'ask',
    modelKey: 'fake',
    testId: `case-${index}`,
    repeat: 0,
  }));

const waitFor = async <T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

withPostgres('run queue on pg-boss', () => {
  let database: TestDatabase;
  let queue: RunQueue;
  beforeAll(async () => {
    database = await createTestDatabase();
    queue = await openRunQueue({
      connectionString: database.url,
      visibilityTimeoutSeconds: 2,
      supervise: true,
    });
  });
  afterAll(async () => {
    await queue?.close();
    await database?.drop();
  });

  it('names queues so that run ids starting with a digit are valid and recognised', () => {
    expect(runQueueName('20261129-225444-ab12')).toBe('yardstick-run-20261129-225444-ab12');
    expect(runIdOfQueue('yardstick-run-20261129-225444-ab12')).toBe('20261129-225444-ab12');
    expect(runIdOfQueue('someone-elses-queue')).toBeUndefined();
  });

  it('enqueues calls in bulk, hands each to one taker and counts waiting and active calls', async () => {
    const runId = '1-sizes';
    await queue.openRun(runId);
    const ids = await queue.enqueue(runId, calls(runId, 2_500));
    expect(ids.size).toBe(2_500);
    expect(await queue.sizes(runId)).toEqual({ waiting: 2_500, active: 0 });

    const [first, second] = await Promise.all([queue.fetch(runId, 40), queue.fetch(runId, 40)]);
    const taken = [...(first ?? []), ...(second ?? [])];
    expect(new Set(taken.map((job) => job.id)).size).toBe(80);
    expect(taken[0]?.call).toMatchObject({ runId, promptId: 'ask', modelKey: 'fake', repeat: 0 });
    expect(taken[0]?.retryCount).toBe(0);
    expect(await queue.sizes(runId)).toEqual({ waiting: 2_420, active: 80 });

    const done = taken[0];
    if (!done) throw new Error('no job taken');
    await queue.complete(runId, done.id);
    expect(await queue.sizes(runId)).toEqual({ waiting: 2_420, active: 79 });
    expect((await queue.jobState(runId, done.id))?.state).toBe('completed');
    expect(await queue.listRuns()).toContain(runId);
  });

  it('retries a failed call with its reason, and keeps the reason once the retries are used up', async () => {
    const runId = '2-fail';
    const limited = await openRunQueue({
      connectionString: database.url,
      visibilityTimeoutSeconds: 2,
      supervise: false,
      retryLimit: 0,
    });
    try {
      await limited.openRun(runId);
      const ids = await limited.enqueue(runId, calls(runId, 1));
      const [job] = await limited.fetch(runId, 1);
      if (!job) throw new Error('no job taken');
      await limited.fail(runId, job.id, 'suite.yaml changed: hash abc on the worker, def in the run');
      expect(await limited.jobState(runId, ids.values().next().value ?? '')).toEqual({
        state: 'failed',
        lastError: 'suite.yaml changed: hash abc on the worker, def in the run',
      });
      expect(await limited.sizes(runId)).toEqual({ waiting: 0, active: 0 });
    } finally {
      await limited.close();
    }

    const retried = '2-retry';
    await queue.openRun(retried);
    await queue.enqueue(retried, calls(retried, 1));
    const [job] = await queue.fetch(retried, 1);
    if (!job) throw new Error('no job taken');
    await queue.fail(retried, job.id, 'worker stopped');
    expect(await queue.sizes(retried)).toEqual({ waiting: 1, active: 0 });
    const again = await waitFor(async () => (await queue.fetch(retried, 1))[0], 10_000);
    expect(again.id).toBe(job.id);
    expect(again.retryCount).toBe(1);
  });

  it('gives a call whose taker went silent to another taker after the visibility timeout', async () => {
    const runId = '3-expire';
    await queue.openRun(runId);
    await queue.enqueue(runId, calls(runId, 1));
    const [taken] = await queue.fetch(runId, 1);
    if (!taken) throw new Error('no job taken');
    // nobody completes it: the taker was killed
    expect(await queue.fetch(runId, 1)).toEqual([]);
    const again = await waitFor(async () => (await queue.fetch(runId, 1))[0], 15_000);
    expect(again.id).toBe(taken.id);
    expect(again.retryCount).toBe(1);
  });

  it('purges waiting calls but not those in flight, so a resume enqueues only what is missing', async () => {
    const runId = '4-purge';
    await queue.openRun(runId);
    await queue.enqueue(runId, calls(runId, 10));
    const inFlight = await queue.fetch(runId, 3);
    await queue.purge(runId);
    expect(await queue.sizes(runId)).toEqual({ waiting: 0, active: 3 });

    const stored = new Set(inFlight.flatMap((job) => (job.call ? [callJobKey(job.call)] : [])));
    const missing = calls(runId, 10).filter((call) => !stored.has(callJobKey(call)));
    await queue.openRun(runId);
    await queue.enqueue(runId, missing);
    expect(await queue.sizes(runId)).toEqual({ waiting: 7, active: 3 });
  });

  it('removes a run queue: nothing more is handed out and the run is no longer listed', async () => {
    const runId = '5-remove';
    await queue.openRun(runId);
    await queue.enqueue(runId, calls(runId, 5));
    await queue.remove(runId);
    expect(await queue.listRuns()).not.toContain(runId);
    expect(await queue.fetch(runId, 5)).toEqual([]);
  });
});
