// Writes traces off the request path: a bounded in-memory queue flushed in batches, one transaction each.
// A full queue never blocks a request: the trace is dropped, counted in a metric and reported in a log line.
import type { GatewayStore, TraceInput } from '../store/gateway-store.js';

export interface TraceWriterOptions {
  store: GatewayStore;
  queueSize: number;
  /** Most traces per transaction. */
  batchSize?: number;
  /** Called with a line for the log (queue full, a failed write). */
  log: (line: string) => void;
  /** Also handed every trace, e.g. the OTLP exporter. */
  onTrace?: (trace: TraceInput) => void;
}

export const createTraceWriter = ({
  store,
  queueSize,
  batchSize = 500,
  log,
  onTrace,
}: TraceWriterOptions) => {
  let queue: TraceInput[] = [];
  let scheduled = false;
  let dropped = 0;
  let written = 0;
  let lastFullLog = 0;

  const flush = (): void => {
    scheduled = false;
    while (queue.length > 0) {
      const batch = queue.length <= batchSize ? queue : queue.slice(0, batchSize);
      queue = queue.length <= batchSize ? [] : queue.slice(batchSize);
      try {
        store.insertTraces(batch);
        written += batch.length;
      } catch (error) {
        dropped += batch.length;
        log(
          `could not write ${batch.length} trace(s): ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  };

  return {
    enqueue(trace: TraceInput): void {
      onTrace?.(trace);
      if (queue.length >= queueSize) {
        dropped += 1;
        const now = Date.now();
        if (now - lastFullLog >= 1_000) {
          lastFullLog = now;
          log(`trace queue full (${queueSize}); dropping traces (${dropped} dropped so far); see /metrics`);
        }
        return;
      }
      queue.push(trace);
      if (!scheduled) {
        scheduled = true;
        // after the response is on its way: the write shares the event loop, never the request's time
        setImmediate(flush);
      }
    },
    /** Writes whatever is queued now (graceful shutdown). */
    drain(): void {
      flush();
    },
    metrics: () => ({ queued: queue.length, written, dropped }),
  };
};

export type TraceWriter = ReturnType<typeof createTraceWriter>;
