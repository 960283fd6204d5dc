// Runs in the monitor's worker thread (started by monitor-queue.ts under `yardstick serve`): its own connection to
// the store, the judges' calls and the scoring, so none of it shares the thread that answers requests.
import { parentPort, workerData } from 'node:worker_threads';
import { openStores } from '../store/open-stores.js';
import type { MonitorJob, MonitorSetup } from './monitor-job.js';
import { createMonitorScorer, type MonitorGauge } from './monitor-scorer.js';

export interface MonitorWorkerData {
  /** The store location (path or URL), opened again in the thread. */
  storeLocation: string;
  setup: MonitorSetup;
}

export type ToMonitorWorker =
  | { type: 'jobs'; jobs: MonitorJob[] }
  | { type: 'drain' }
  | { type: 'stop'; reason: string };

export type FromMonitorWorker =
  | { type: 'stored'; count: number }
  | { type: 'lost'; count: number; reason: string }
  | { type: 'gauges'; gauges: MonitorGauge[] }
  | { type: 'drained' };

const port = parentPort;
if (port) {
  const data = workerData as MonitorWorkerData;
  const post = (message: FromMonitorWorker): void => port.postMessage(message);
  // messages that arrive while the store opens wait for it, in order
  const early: ToMonitorWorker[] = [];
  let handle = (message: ToMonitorWorker): void => {
    early.push(message);
  };
  port.on('message', (message: ToMonitorWorker) => handle(message));
  openStores(data.storeLocation).then(
    (stores) => {
      const scorer = createMonitorScorer({
        setup: data.setup,
        store: stores.monitor,
        events: {
          stored: (count) => post({ type: 'stored', count }),
          lost: (count, reason) => post({ type: 'lost', count, reason }),
          gauges: (gauges) => post({ type: 'gauges', gauges }),
        },
      });
      handle = (message) => {
        if (message.type === 'jobs') scorer.add(message.jobs);
        else if (message.type === 'drain') void scorer.drain().then(() => post({ type: 'drained' }));
        else void scorer.stop(message.reason).then(() => post({ type: 'drained' }));
      };
      for (const message of early.splice(0)) handle(message);
    },
    (error: unknown) => {
      // without a store nothing can be kept: every sample is counted as lost, with the reason
      const reason = `could not open the store: ${error instanceof Error ? error.message : String(error)}`;
      handle = (message) => {
        if (message.type === 'jobs') post({ type: 'lost', count: message.jobs.length, reason });
        else post({ type: 'drained' });
      };
      for (const message of early.splice(0)) handle(message);
    },
  );
}
