// Writes traces off the request path: a bounded queue flushed in batches, one transaction each, either on
// this thread after the current turn (inline) or in a worker thread with its own connection (threaded, what
// `yardstick serve` uses, so SQLite never pauses a request). A full queue never blocks a request: the trace
// is dropped, counted in a metric and reported in a log line.
import { Worker } from 'node:worker_threads';
import { createBodyRedactor } from '../monitor/redact.js';
import type { GatewayStore, TraceInput } from '../store/contract/gateway-store.js';
import type { OtlpTarget } from './otlp-exporter.js';
import type { FromTraceWorker, ToTraceWorker, TraceWorkerData } from './trace-worker.js';

export interface TraceWriterOptions {
  store: GatewayStore;
  queueSize: number;
  /** Most traces per transaction. */
  batchSize?: number;
  /** Called with a line for the log (queue full, a failed write). */
  log: (line: string) => void;
  /** Also handed every trace, e.g. the OTLP exporter. */
  onTrace?: (trace: TraceInput) => void;
  /** Per route, the `monitor.redact` patterns applied to captured bodies before they are written. */
  redactBodies?: Record<string, string[]>;
}

/** At most one log line a second while the queue is full, so a flood of drops does not flood the log. */
const fullQueueLogger = (queueSize: number, log: (line: string) => void) => {
  let last = 0;
  return (dropped: number): void => {
    const now = Date.now();
    if (now - last < 1_000) return;
    last = now;
    log(`trace queue full (${queueSize}); dropping traces (${dropped} dropped so far); see /metrics`);
  };
};

export const createTraceWriter = ({
  store,
  queueSize,
  batchSize = 500,
  log,
  onTrace,
  redactBodies = {},
}: TraceWriterOptions) => {
  const redact = createBodyRedactor(redactBodies);
  let queue: TraceInput[] = [];
  let scheduled = false;
  let dropped = 0;
  let written = 0;
  const sayFull = fullQueueLogger(queueSize, log);

  /** Writes batches until the queue is empty; one flush at a time, so traces are written in order. */
  const writeQueued = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.length <= batchSize ? queue : queue.slice(0, batchSize);
      queue = queue.length <= batchSize ? [] : queue.slice(batchSize);
      try {
        await store.insertTraces(batch.map(redact));
        written += batch.length;
      } catch (error) {
        dropped += batch.length;
        log(
          `could not write ${batch.length} trace(s): ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  };
  let flushing: Promise<void> | undefined;
  const flush = (): Promise<void> => {
    scheduled = false;
    flushing ??= writeQueued().finally(() => {
      flushing = undefined;
    });
    return flushing;
  };
  return {
    enqueue(trace: TraceInput): void {
      onTrace?.(trace);
      if (queue.length >= queueSize) {
        dropped += 1;
        sayFull(dropped);
        return;
      }
      queue.push(trace);
      if (!scheduled) {
        scheduled = true;
        // after the response is on its way: the write shares the event loop, never the request's time
        setImmediate(() => void flush());
      }
    },
    /** Writes whatever is queued now (graceful shutdown). */
    async drain(): Promise<void> {
      // a flush already under way may have started before the latest traces were queued: wait, then write those
      await flush();
      if (queue.length > 0) await flush();
    },
    metrics: () => ({ queued: queue.length, written, dropped }),
  };
};

export interface TraceWriter {
  enqueue(trace: TraceInput): void;
  /** Resolves once every trace enqueued so far is written (or counted as failed). */
  drain(): Promise<void>;
  metrics(): { queued: number; written: number; dropped: number };
}

export interface ThreadedTraceWriterOptions
  extends Omit<TraceWriterOptions, 'store' | 'batchSize' | 'onTrace' | 'redactBodies'> {
  /** Per route, the `monitor.redact` patterns applied to captured bodies, in the thread, before they are written. */
  redactBodies?: Record<string, string[]>;
  /** The store location (path or URL); the thread opens its own connection to it. */
  storeLocation: string;
  /** Also export every trace as an OTLP span, from the thread: span building and sending stay off the requests' thread. */
  otlp?: OtlpTarget;
}

/**
 * The same contract, with the writes in a worker thread; `queueSize` bounds traces not yet written there.
 * The thread keeps the process alive exactly while traces are on their way to it or a flush is awaited:
 * an idle writer never holds the process open, and a process can never end with a trace not yet written.
 */
// Traces go to the thread in batches of up to this many, or after this long: each message costs a structured
// clone's setup and a wake-up of the thread, so few large ones are cheaper per request than one per turn.
const postAtTraces = 256;
const postEveryMs = 20;

export const createThreadedTraceWriter = ({
  storeLocation,
  queueSize,
  log,
  otlp,
  redactBodies,
}: ThreadedTraceWriterOptions): TraceWriter => {
  const workerData: TraceWorkerData = {
    storeLocation,
    ...(otlp ? { otlp } : {}),
    ...(redactBodies ? { redactBodies } : {}),
  };
  const worker = new Worker(new URL('./trace-worker.js', import.meta.url), { workerData });
  let batch: TraceInput[] = [];
  let timer: NodeJS.Timeout | undefined;
  let pending = 0;
  let dropped = 0;
  let written = 0;
  let stopped: string | undefined;
  const sayFull = fullQueueLogger(queueSize, log);
  let onFlushed: (() => void) | undefined;
  const holdOpen = (): void => {
    if (pending > 0 || onFlushed) worker.ref();
    else worker.unref();
  };
  const post = (message: ToTraceWorker): void => worker.postMessage(message);
  const send = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (batch.length === 0 || stopped) return;
    post({ type: 'traces', traces: batch });
    batch = [];
  };
  /** The thread is gone: whatever it had not written is lost, and a waiting drain must not wait forever. */
  const lose = (reason: string): void => {
    if (stopped) return;
    stopped = reason;
    if (pending > 0) log(`${pending} trace(s) not written: ${reason}`);
    dropped += pending;
    pending = 0;
    batch = [];
    onFlushed?.();
  };
  worker.on('message', (message: FromTraceWorker) => {
    if (message.type === 'written') {
      pending -= message.count;
      written += message.count;
    } else if (message.type === 'failed') {
      pending -= message.count;
      dropped += message.count;
      log(`could not write ${message.count} trace(s): ${message.message}`);
    } else if (message.type === 'log') log(message.line);
    else onFlushed?.();
    holdOpen();
  });
  worker.on('error', (error) => {
    log(`the trace writer thread failed: ${error.message}`);
    lose('the trace writer thread failed');
  });
  worker.on('exit', () => lose('the trace writer thread stopped'));
  holdOpen();
  return {
    enqueue(trace) {
      if (stopped) {
        // said once when the thread stopped; counted in /metrics from then on
        dropped += 1;
        return;
      }
      if (pending >= queueSize) {
        dropped += 1;
        sayFull(dropped);
        return;
      }
      pending += 1;
      worker.ref();
      batch.push(trace);
      if (batch.length >= postAtTraces) send();
      // the worker, ref'd while traces are pending, keeps the process alive until this fires
      else if (timer === undefined) timer = setTimeout(send, postEveryMs).unref();
    },
    async drain() {
      if (stopped) return;
      send();
      await new Promise<void>((resolve) => {
        onFlushed = resolve;
        holdOpen();
        post({ type: 'flush' });
      });
      onFlushed = undefined;
      // the flush was acknowledged: every trace is written; stopping the thread is no longer a loss
      stopped = 'the gateway stopped';
      await worker.terminate();
    },
    metrics: () => ({ queued: pending, written, dropped }),
  };
};
