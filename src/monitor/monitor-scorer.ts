// Scores monitor samples and stores them, a few at a time, wherever it runs (the monitor's worker thread under
// `serve`, the gateway's own thread in tests); computes the /metrics gauges from what is stored. It never sees a
// request: jobs arrive complete, and a slow judge only makes the queue in front of it longer.
import type { Transport } from '../http/transport.js';
import { createGraders } from '../runner/judge.js';
import type { MonitorSampleInput, MonitorStore } from '../store/contract/monitor-store.js';
import { measureRoutes } from './measure-drift.js';
import type { MonitorJob, MonitorSetup, RouteMonitor } from './monitor-job.js';
import { scoreSample } from './score-sample.js';

/** The /metrics view of a route and model over the last hour. */
export interface MonitorGauge {
  route: string;
  model: string;
  passRate: number | null;
  drift: boolean;
}

export interface ScorerEvents {
  stored(count: number): void;
  /** Samples scored but not stored (a failed write), or not scored at all (stopped): lost, and said so. */
  lost(count: number, reason: string): void;
  gauges(gauges: MonitorGauge[]): void;
}

export interface ScorerOptions {
  setup: MonitorSetup;
  store: MonitorStore;
  events: ScorerEvents;
  transport?: Transport;
  /** Samples scored at once (each may wait on a judge). */
  concurrency?: number;
  now?: () => number;
}

/** The window of the /metrics gauges, and how often at most they are measured again. */
const gaugeWindowMs = 3_600_000;
const gaugeEveryMs = 5_000;

export const createMonitorScorer = ({
  setup,
  store,
  events,
  transport,
  concurrency = 8,
  now = Date.now,
}: ScorerOptions) => {
  const routes = new Map<string, RouteMonitor>(setup.routes.map((monitor) => [monitor.route, monitor]));
  const stopping = new AbortController();
  const graders = createGraders({
    concurrency,
    judge: undefined,
    embedding: undefined,
    context: { env: setup.env, baseDir: setup.baseDir, ...(transport ? { transport } : {}) },
    cache: undefined,
    abortSignal: stopping.signal,
  });
  const waiting: MonitorJob[] = [];
  let running = 0;
  let scored: MonitorSampleInput[] = [];
  let stopped = false;
  let idle: (() => void) | undefined;
  let lastGauges = 0;
  let gaugeTimer: NodeJS.Timeout | undefined;

  const measureGauges = async (): Promise<void> => {
    clearTimeout(gaugeTimer);
    gaugeTimer = undefined;
    lastGauges = now();
    try {
      const rows = await measureRoutes(store, {
        since: new Date(lastGauges - gaugeWindowMs).toISOString(),
        until: new Date(lastGauges + 1).toISOString(),
        maxDrop: (route) => routes.get(route)?.maxDrop ?? 0.05,
      });
      events.gauges(rows.map(({ route, model, passRate, drift }) => ({ route, model, passRate, drift })));
    } catch {
      // the gauges are a view; the next write measures them again
    }
  };
  const scheduleGauges = (): void => {
    if (gaugeTimer !== undefined) return;
    const wait = Math.max(0, lastGauges + gaugeEveryMs - now());
    gaugeTimer = setTimeout(() => void measureGauges(), wait);
    gaugeTimer.unref();
  };

  // writes run one after another; `writes` settles when every batch handed over so far is stored or lost
  let writes: Promise<void> = Promise.resolve();
  const write = (): Promise<void> => {
    if (scored.length === 0) return writes;
    const batch = scored;
    scored = [];
    writes = writes.then(async () => {
      try {
        await store.insertSamples(batch);
        events.stored(batch.length);
        scheduleGauges();
      } catch (error) {
        events.lost(
          batch.length,
          `could not store: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });
    return writes;
  };

  const settleIfIdle = (): void => {
    if (running > 0 || waiting.length > 0) return;
    void write().then(() => {
      // work that came in meanwhile settles again when it ends
      if (running === 0 && waiting.length === 0) idle?.();
    });
  };

  const pump = (): void => {
    while (!stopped && running < concurrency && waiting.length > 0) {
      const job = waiting.shift() as MonitorJob;
      const monitor = routes.get(job.route);
      if (!monitor) continue;
      running += 1;
      void scoreSample(job, monitor, graders, setup.baseDir)
        .then(
          (sample) => {
            // after stop() this sample was already counted as lost
            if (!stopped) scored.push(sample);
          },
          (error: unknown) => {
            if (!stopped)
              events.lost(1, `could not score: ${error instanceof Error ? error.message : String(error)}`);
          },
        )
        .finally(() => {
          running -= 1;
          // many samples finish together: one transaction for all of them
          if (scored.length >= 64) void write();
          pump();
          settleIfIdle();
        });
    }
  };

  return {
    add(jobs: MonitorJob[]): void {
      if (stopped) {
        events.lost(jobs.length, 'the gateway stopped');
        return;
      }
      waiting.push(...jobs);
      pump();
    },
    /** Resolves once every sample added so far is scored and stored (or counted as lost). */
    drain(): Promise<void> {
      return new Promise((resolve) => {
        idle = () => {
          idle = undefined;
          resolve();
        };
        settleIfIdle();
      });
    },
    /**
     * Gives up on what is left: what is scored is stored (resolves once it is); in-flight and waiting samples are
     * counted as lost.
     */
    stop(reason: string): Promise<void> {
      if (stopped) return writes;
      const stored = write();
      stopped = true;
      stopping.abort();
      const left = waiting.length + running;
      if (left > 0) events.lost(left, reason);
      waiting.length = 0;
      clearTimeout(gaugeTimer);
      return stored;
    },
    measureGauges,
  };
};

export type MonitorScorer = ReturnType<typeof createMonitorScorer>;
