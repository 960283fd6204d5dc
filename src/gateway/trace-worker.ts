// Runs in a worker thread started by the threaded trace writer: it owns its own connection to the store and
// writes the traces the gateway posts, so SQLite never runs on the request thread; with OTLP configured it
// also builds and sends the spans, so neither does that.
import { parentPort, workerData } from 'node:worker_threads';
import { createBodyRedactor } from '../monitor/redact.js';
import type { TraceInput } from '../store/contract/gateway-store.js';
import { openStores } from '../store/open-stores.js';
import { createOtlpExporter, type OtlpTarget } from './otlp-exporter.js';

export interface TraceWorkerData {
  /** The store location (path or URL), opened again in the thread. */
  storeLocation: string;
  otlp?: OtlpTarget;
  /** Per route, `monitor.redact` patterns for captured bodies. */
  redactBodies?: Record<string, string[]>;
}

export type ToTraceWorker = { type: 'traces'; traces: TraceInput[] } | { type: 'flush' };
export type FromTraceWorker =
  | { type: 'written'; count: number }
  | { type: 'failed'; count: number; message: string }
  | { type: 'log'; line: string }
  | { type: 'flushed' };

// Batches are gathered for up to this long and committed together: fewer, larger transactions, and the
// gateway's cached key rows stay valid between commits (any commit makes it read keys again).
const commitEveryMs = 50;
const commitAtTraces = 2_000;

const port = parentPort;
if (port) {
  const data = workerData as TraceWorkerData;
  const opening = openStores(data.storeLocation);
  const redact = createBodyRedactor(data.redactBodies ?? {});
  const otlp = data.otlp
    ? createOtlpExporter({
        ...data.otlp,
        log: (line) => port.postMessage({ type: 'log', line } satisfies FromTraceWorker),
      })
    : undefined;
  let gathered: TraceInput[] = [];
  let timer: NodeJS.Timeout | undefined;
  // commits run one after another, in the order the batches came
  let committed: Promise<void> = Promise.resolve();
  const write = async (traces: TraceInput[]): Promise<void> => {
    try {
      const stores = await opening;
      await stores.gateway.insertTraces(traces.map(redact));
      port.postMessage({ type: 'written', count: traces.length } satisfies FromTraceWorker);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      port.postMessage({ type: 'failed', count: traces.length, message: reason } satisfies FromTraceWorker);
    }
  };
  const commit = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    if (gathered.length === 0) return committed;
    const traces = gathered;
    gathered = [];
    committed = committed.then(() => write(traces));
    return committed;
  };
  port.on('message', (message: ToTraceWorker) => {
    if (message.type === 'flush') {
      // messages arrive in order: every batch posted before this one is written now, and exported
      void commit()
        .then(() => otlp?.shutdown())
        .then(() => port.postMessage({ type: 'flushed' } satisfies FromTraceWorker));
      return;
    }
    for (const trace of message.traces) {
      gathered.push(trace);
      otlp?.add(trace);
    }
    if (gathered.length >= commitAtTraces) void commit();
    else timer ??= setTimeout(commit, commitEveryMs);
  });
}
