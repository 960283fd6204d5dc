// Runs in the monitor's worker thread (started by monitor-queue.ts under `yardstick serve`): its own connection to
// the store, the judges' calls and the scoring, so none of it shares the thread that answers requests.
import { parentPort, workerData } from 'node:worker_threads';
import { openMonitorStore } from '../store/open-store.js';
import type { MonitorJob, MonitorSetup } from './monitor-job.js';
import { createMonitorScorer, type MonitorGauge } from './monitor-scorer.js';

export interface MonitorWorkerData {
  dbPath: string;
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
  const store = openMonitorStore(data.dbPath);
  const post = (message: FromMonitorWorker): void => port.postMessage(message);
  const scorer = createMonitorScorer({
    setup: data.setup,
    store,
    events: {
      stored: (count) => post({ type: 'stored', count }),
      lost: (count, reason) => post({ type: 'lost', count, reason }),
      gauges: (gauges) => post({ type: 'gauges', gauges }),
    },
  });
  port.on('message', (message: ToMonitorWorker) => {
    if (message.type === 'jobs') scorer.add(message.jobs);
    else if (message.type === 'drain') void scorer.drain().then(() => post({ type: 'drained' }));
    else {
      scorer.stop(message.reason);
      post({ type: 'drained' });
    }
  });
}
