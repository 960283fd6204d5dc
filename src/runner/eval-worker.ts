// `yardstick worker`'s loop: finds the queues of distributed runs, takes up to `concurrency` calls at once across
// them, runs each and stores its result, and completes or gives back the job. Nothing here decides a run's fate:
// the coordinator does, from what the store holds.
import { closeCheckThreads } from '../assertions/check-threads.js';
import { toYardstickError } from '../spec/errors.js';
import type { RunStore } from '../store/contract/run-store.js';
import type { FetchedJob, RunQueue } from './run-queue.js';
import { openWorkerRun, type WorkerRun, type WorkerRunOptions } from './worker-run.js';

export interface WorkerOptions extends Omit<WorkerRunOptions, 'abortSignal' | 'runs'> {
  queue: RunQueue;
  runs: RunStore;
  /** Stop taking calls, finish those in flight, return (the first Ctrl-C or SIGTERM). */
  stopSignal: AbortSignal;
  /** Abort the calls in flight and give them back to the queue (a second signal). */
  abortSignal: AbortSignal;
  /** Return once no run has a call waiting and none is in flight here. */
  once: boolean;
  /** How often the list of run queues is read (default 2 s). */
  discoverMs?: number;
  /** How long to wait before asking again when no call was waiting (default 500 ms). */
  idleMs?: number;
  log: (line: string) => void;
}

export interface WorkerSummary {
  stored: number;
  alreadyStored: number;
  skipped: number;
  /** Calls given back to the queue with an error. */
  failed: number;
}

const retryPrepareMs = 10_000;

interface RunEntry {
  runId: string;
  /** Prepared on the first call taken, once; a rejection fails every call of the run on this worker. */
  prepared: Promise<WorkerRun> | undefined;
  controller: AbortController;
  inFlight: number;
  gone: boolean;
  /** When preparing the run last failed on this worker. */
  failedAt: number | undefined;
  /** Preparation has settled (either way): only then are calls taken, so none waits on it past its timeout. */
  settled: boolean;
  /** Messages already logged for this run, so a failure repeated on every call is said once. */
  said: Set<string>;
}

export const runWorker = async (options: WorkerOptions): Promise<WorkerSummary> => {
  const { queue, concurrency, log } = options;
  const discoverMs = options.discoverMs ?? 2_000;
  const idleMs = options.idleMs ?? 500;
  const summary: WorkerSummary = { stored: 0, alreadyStored: 0, skipped: 0, failed: 0 };
  const entries = new Map<string, RunEntry>();
  const pending = new Set<Promise<void>>();
  let inFlight = 0;
  let wake: (() => void) | undefined;
  const rest = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        options.stopSignal.removeEventListener('abort', done);
        wake = undefined;
        resolve();
      }
      wake = done;
      options.stopSignal.addEventListener('abort', done, { once: true });
    });

  const sayOnce = (entry: RunEntry, message: string): void => {
    if (entry.said.has(message)) return;
    entry.said.add(message);
    log(`run ${entry.runId}: ${message}`);
  };

  const closeEntry = async (entry: RunEntry): Promise<void> => {
    entries.delete(entry.runId);
    const run = await entry.prepared?.catch(() => undefined);
    await run?.close();
  };

  const discover = async (): Promise<void> => {
    const current = new Set(await queue.listRuns());
    for (const runId of current) {
      if (!entries.has(runId)) {
        entries.set(runId, {
          runId,
          prepared: undefined,
          controller: new AbortController(),
          inFlight: 0,
          gone: false,
          failedAt: undefined,
          settled: false,
          said: new Set(),
        });
      }
    }
    for (const entry of entries.values()) {
      if (current.has(entry.runId)) continue;
      // the run ended or was cancelled: its calls in flight here stop, and the run's models are released
      entry.gone = true;
      entry.controller.abort();
      if (entry.inFlight === 0) await closeEntry(entry);
    }
  };

  const prepare = (entry: RunEntry): Promise<WorkerRun> => {
    // a failed preparation (a suite that differs, a store that was down) is tried again after a pause, not per call
    if (entry.failedAt !== undefined && Date.now() - entry.failedAt > retryPrepareMs) {
      entry.prepared = undefined;
      entry.settled = false;
    }
    entry.prepared ??= openWorkerRun(entry.runId, {
      ...options,
      abortSignal: AbortSignal.any([options.abortSignal, entry.controller.signal]),
    }).then(
      (run) => {
        entry.failedAt = undefined;
        entry.settled = true;
        log(`run ${entry.runId}: working on ${run.suite.name} (${run.suite.filePath})`);
        return run;
      },
      (error: unknown) => {
        entry.failedAt = Date.now();
        entry.settled = true;
        throw error;
      },
    );
    return entry.prepared;
  };

  const handle = async (entry: RunEntry, job: FetchedJob): Promise<void> => {
    try {
      if (job.call === undefined) throw new Error(job.problem ?? `job ${job.id} is not a call`);
      const run = await prepare(entry);
      const outcome = await run.runCall(job.call, job.retryCount);
      if (outcome === 'stored') summary.stored += 1;
      else if (outcome === 'already-stored') summary.alreadyStored += 1;
      else summary.skipped += 1;
      await queue.complete(entry.runId, job.id);
    } catch (error) {
      const message = toYardstickError(error).message;
      summary.failed += 1;
      if (!entry.gone && !options.abortSignal.aborted) sayOnce(entry, message);
      // back to the queue: another worker (or this one) tries again until the retry limit, then it stays failed
      // with this message, which the coordinator reports
      await queue.fail(entry.runId, job.id, message).catch((failure: unknown) => {
        log(`run ${entry.runId}: could not give job ${job.id} back: ${toYardstickError(failure).message}`);
      });
    }
  };

  const start = (entry: RunEntry, job: FetchedJob): void => {
    inFlight += 1;
    entry.inFlight += 1;
    const task = handle(entry, job).finally(async () => {
      inFlight -= 1;
      entry.inFlight -= 1;
      pending.delete(task);
      if (entry.gone && entry.inFlight === 0) await closeEntry(entry);
      wake?.();
    });
    pending.add(task);
  };

  /** Takes what fits in the free slots, round-robin over the runs; the number of calls taken. */
  const take = async (): Promise<number> => {
    let taken = 0;
    for (const entry of [...entries.values()]) {
      const free = concurrency - inFlight;
      if (free <= 0 || options.stopSignal.aborted) break;
      if (entry.gone) continue;
      // the run is prepared before its calls are taken: loading a large suite must not eat their visibility
      // timeout; a preparation that failed still takes calls, to give them back with its reason
      prepare(entry).catch(() => {});
      if (!entry.settled) continue;
      const jobs = await queue.fetch(entry.runId, free);
      for (const job of jobs) start(entry, job);
      taken += jobs.length;
    }
    return taken;
  };

  const nothingWaiting = async (): Promise<boolean> => {
    for (const entry of entries.values()) {
      if (!entry.gone && (await queue.sizes(entry.runId)).waiting > 0) return false;
    }
    return true;
  };

  try {
    let discoveredAt = 0;
    while (!options.stopSignal.aborted) {
      if (Date.now() - discoveredAt >= discoverMs) {
        await discover();
        discoveredAt = Date.now();
      }
      const taken = await take();
      if (options.once && taken === 0 && inFlight === 0 && (await nothingWaiting())) break;
      if (inFlight >= concurrency || taken === 0) await rest(taken === 0 ? idleMs : discoverMs);
    }
    // graceful stop: what is in flight finishes and is stored; a second signal aborts it and gives it back
    await Promise.allSettled([...pending]);
  } finally {
    await Promise.allSettled([...pending]);
    await Promise.allSettled([...entries.values()].map(closeEntry));
    await closeCheckThreads();
  }
  return summary;
};
