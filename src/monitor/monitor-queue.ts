// The gateway's side of the monitor: a bounded queue of sampled answers handed to the scorer, in a worker thread
// (what `serve` uses) or on this thread after the current turn (tests). A full queue never blocks a request: the
// sample is dropped and counted in /metrics. On shutdown the queue is scored and stored, or what is left when the
// time is up is counted and logged as lost.
import { Worker } from 'node:worker_threads';
import type { Transport } from '../http/transport.js';
import type { MonitorStore } from '../store/contract/monitor-store.js';
import type { MonitorJob, MonitorSetup } from './monitor-job.js';
import { createMonitorScorer, type MonitorGauge, type ScorerEvents } from './monitor-scorer.js';
import type { FromMonitorWorker, MonitorWorkerData, ToMonitorWorker } from './monitor-worker.js';

export interface MonitorMetrics {
  /** Sampled, not yet stored. */
  queued: number;
  stored: number;
  /** Refused because the queue was full. */
  dropped: number;
  /** Accepted but never stored: a failed write, or the gateway stopped first. */
  lost: number;
  gauges: MonitorGauge[];
}

export interface MonitorQueue {
  offer(job: MonitorJob): void;
  /** Scores and stores what is queued, up to `timeoutMs`; then gives up on the rest, counted and logged as lost. */
  drain(timeoutMs: number): Promise<void>;
  metrics(): MonitorMetrics;
}

interface QueueOptions {
  setup: MonitorSetup;
  queueSize: number;
  log: (line: string) => void;
}

/** Counts and rate-limited log lines shared by both kinds of queue. */
const createTally = (queueSize: number, log: (line: string) => void) => {
  const tally = { queued: 0, stored: 0, dropped: 0, lost: 0, gauges: [] as MonitorGauge[] };
  let lastFullLine = 0;
  const events: ScorerEvents = {
    stored(count) {
      tally.queued -= count;
      tally.stored += count;
    },
    lost(count, reason) {
      tally.queued -= count;
      tally.lost += count;
      log(`monitor: ${count} sample(s) lost: ${reason}`);
    },
    gauges(gauges) {
      tally.gauges = gauges;
    },
  };
  return {
    tally,
    events,
    /** Whether one more sample fits; counts and (at most once a second) logs the drop when not. */
    admit(): boolean {
      if (tally.queued < queueSize) {
        tally.queued += 1;
        return true;
      }
      tally.dropped += 1;
      const now = Date.now();
      if (now - lastFullLine >= 1_000) {
        lastFullLine = now;
        log(
          `monitor queue full (${queueSize}); dropping samples (${tally.dropped} dropped so far); see /metrics`,
        );
      }
      return false;
    },
    metrics: (): MonitorMetrics => ({ ...tally }),
  };
};

const withTimeout = (work: Promise<void>, timeoutMs: number): Promise<boolean> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    void work.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });

/** Scoring on this thread, after the current turn; for tests and embedding. */
export const createInlineMonitorQueue = (
  options: QueueOptions & { store: MonitorStore; transport?: Transport },
): MonitorQueue => {
  const counts = createTally(options.queueSize, options.log);
  const scorer = createMonitorScorer({
    setup: options.setup,
    store: options.store,
    events: counts.events,
    ...(options.transport ? { transport: options.transport } : {}),
  });
  let batch: MonitorJob[] = [];
  const hand = (): void => {
    const jobs = batch;
    batch = [];
    scorer.add(jobs);
  };
  return {
    offer(job) {
      if (!counts.admit()) return;
      batch.push(job);
      if (batch.length === 1) setImmediate(hand);
    },
    async drain(timeoutMs) {
      hand();
      if (!(await withTimeout(scorer.drain(), timeoutMs))) {
        await scorer.stop(`the gateway stopped before it was scored (drain timeout ${timeoutMs} ms)`);
      }
    },
    metrics: counts.metrics,
  };
};

// Samples go to the thread in batches, as traces do: one structured clone per batch, not per request.
const postEveryMs = 20;
const postAtJobs = 128;

/** Scoring in a worker thread with its own connection to the store (what `serve` uses). */
export const createThreadedMonitorQueue = (
  options: QueueOptions & { storeLocation: string },
): MonitorQueue => {
  const counts = createTally(options.queueSize, options.log);
  const workerData: MonitorWorkerData = { storeLocation: options.storeLocation, setup: options.setup };
  const worker = new Worker(new URL('./monitor-worker.js', import.meta.url), { workerData });
  let batch: MonitorJob[] = [];
  let timer: NodeJS.Timeout | undefined;
  let onDrained: (() => void) | undefined;
  let gone = false;
  const post = (message: ToMonitorWorker): void => worker.postMessage(message);
  // alive while samples are on their way or a drain waits, and while it is stopped: a late message (the gauges)
  // must not unref a thread whose terminate() the drain awaits, or the process ends under it
  const holdOpen = (): void => {
    if (counts.tally.queued > 0 || onDrained || gone) worker.ref();
    else worker.unref();
  };
  const send = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (batch.length === 0 || gone) return;
    post({ type: 'jobs', jobs: batch });
    batch = [];
  };
  const lose = (reason: string): void => {
    if (gone) return;
    gone = true;
    if (counts.tally.queued > 0) counts.events.lost(counts.tally.queued, reason);
    onDrained?.();
  };
  worker.on('message', (message: FromMonitorWorker) => {
    if (message.type === 'stored') counts.events.stored(message.count);
    else if (message.type === 'lost') counts.events.lost(message.count, message.reason);
    else if (message.type === 'gauges') counts.events.gauges(message.gauges);
    else onDrained?.();
    holdOpen();
  });
  worker.on('error', (error) => {
    options.log(`monitor: the scoring thread failed: ${error.message}`);
    lose('the scoring thread failed');
  });
  worker.on('exit', () => lose('the scoring thread stopped'));
  holdOpen();
  const waitDrained = (message: ToMonitorWorker): Promise<void> =>
    new Promise<void>((resolve) => {
      if (gone) {
        resolve();
        return;
      }
      onDrained = resolve;
      holdOpen();
      post(message);
    });
  return {
    offer(job) {
      if (gone) {
        counts.tally.lost += 1;
        return;
      }
      if (!counts.admit()) return;
      worker.ref();
      batch.push(job);
      if (batch.length >= postAtJobs) send();
      else timer ??= setTimeout(send, postEveryMs).unref();
    },
    async drain(timeoutMs) {
      send();
      const drained = waitDrained({ type: 'drain' });
      if (!(await withTimeout(drained, timeoutMs))) {
        await waitDrained({
          type: 'stop',
          reason: `the gateway stopped before it was scored (drain timeout ${timeoutMs} ms)`,
        });
      }
      onDrained = undefined;
      // every sample is stored or counted as lost: stopping the thread loses nothing more
      gone = true;
      await worker.terminate();
      // whatever the thread had not reported on is lost with it
      if (counts.tally.queued > 0) counts.events.lost(counts.tally.queued, 'the scoring thread stopped');
    },
    metrics: counts.metrics,
  };
};
