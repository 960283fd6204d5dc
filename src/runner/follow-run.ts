// Follows a distributed run from the store: each newly stored result and each newly skipped model becomes the
// RunEvent a local run would have emitted, until the run's queue holds no call waiting or in flight.
import type { ErrorCode } from '../spec/errors.js';
import type { SummaryRow } from '../store/contract/run-queries.js';
import { resultKey } from '../store/contract/store-types.js';
import type { Stores } from '../store/contract/stores.js';
import type { RunEvent } from './run-events.js';
import type { RunQueue } from './run-queue.js';
import type { RunSettings } from './run-settings.js';

export interface FollowOptions {
  stores: Pick<Stores, 'runs' | 'runQueries'>;
  queue: RunQueue;
  runId: string;
  settings: RunSettings;
  perModel: number;
  doneByModel: Map<string, number>;
  abortSignal: AbortSignal;
  emit: (event: RunEvent) => void;
  pollMs?: number;
}

export interface RunFollower {
  /** Models a worker found unreachable, with the reason, as recorded in the store. */
  skippedModels: Map<string, string>;
  /** Polls until the queue is empty (every result then stored is in `done`) or the abort signal fires. */
  untilDrained(done: Map<string, boolean>): Promise<'drained' | 'aborted'>;
}

/** What a call spent now, as a local run reports it: nothing on a cache hit or an error, undefined when unpriced. */
export const spentOf = (row: SummaryRow): number | undefined => {
  if (row.errorCode !== null) return 0;
  if (row.costUsd === null) return undefined;
  return (row.cacheHit ? 0 : row.costUsd) + (row.judgeCostUsd ?? 0);
};

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

export const followRun = (options: FollowOptions): RunFollower => {
  const { runs, runQueries } = options.stores;
  const { runId, emit } = options;
  const basePollMs = options.pollMs ?? 500;
  const skippedModels = new Map<string, string>();
  let counted = 0;

  const sweep = async (done: Map<string, boolean>): Promise<void> => {
    for (const { modelId, reason } of await runs.skippedModels(runId)) {
      if (skippedModels.has(modelId)) continue;
      skippedModels.set(modelId, reason);
      // with --repeat auto the remaining calls are not known; the next round leaves the model out
      const dropped = options.settings.repeatAuto
        ? 0
        : Math.max(0, options.perModel - (options.doneByModel.get(modelId) ?? 0));
      emit({ type: 'model-skipped', model: modelId, reason, droppedCalls: dropped });
    }
    const count = await runs.countResults(runId);
    if (count <= counted) return;
    counted = count;
    for await (const row of runQueries.summaryRows(runId)) {
      const key = resultKey(row.promptId, row.modelId, row.testId, row.repeat);
      if (done.has(key)) continue;
      const pass = row.pass === 1;
      done.set(key, pass);
      options.doneByModel.set(row.modelId, (options.doneByModel.get(row.modelId) ?? 0) + 1);
      emit({
        type: 'result',
        model: row.modelId,
        testId: row.testId,
        pass,
        errorCode: (row.errorCode ?? undefined) as ErrorCode | undefined,
        spentUsd: spentOf(row),
        cacheHit: row.cacheHit === 1,
      });
    }
  };

  return {
    skippedModels,
    async untilDrained(done) {
      for (;;) {
        if (options.abortSignal.aborted) return 'aborted';
        await sweep(done);
        const sizes = await options.queue.sizes(runId);
        if (sizes.waiting + sizes.active === 0) {
          // a worker stores a result before it completes the job, so the last results are in the store now
          await sweep(done);
          return 'drained';
        }
        // reading every stored row costs more as the run grows: poll less often for large runs
        await sleep(Math.min(10_000, Math.max(basePollMs, counted / 20)), options.abortSignal);
      }
    },
  };
};
