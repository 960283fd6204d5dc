// Runs in a worker thread started by the threaded trace writer: it owns its own connection to the store and
// writes the traces the gateway posts, so the store never runs on the request thread; with OTLP configured it
// also builds and sends the spans, so neither does that. When the store cannot take a batch (the database is
// down), the batch goes to the spool and is written from there, in order, once the store is back.
import { parentPort, workerData } from 'node:worker_threads';
import { createBodyRedactor } from '../monitor/redact.js';
import type { TraceInput } from '../store/contract/gateway-store.js';
import type { Stores } from '../store/contract/stores.js';
import { openStores } from '../store/open-stores.js';
import { createOtlpExporter, type OtlpTarget } from './otlp-exporter.js';
import { openTraceSpool, type SpoolSize, type TraceSpool } from './trace-spool.js';

export interface TraceWorkerData {
  /** The store location (path or URL), opened again in the thread. */
  storeLocation: string;
  /** Where batches the store cannot take wait (see trace-spool.ts); without it they are dropped and counted. */
  spoolDir?: string;
  otlp?: OtlpTarget;
  /** Per route, `monitor.redact` patterns for captured bodies. */
  redactBodies?: Record<string, string[]>;
}

export type ToTraceWorker = { type: 'traces'; traces: TraceInput[] } | { type: 'flush' };
export type FromTraceWorker =
  | { type: 'written'; count: number }
  | { type: 'failed'; count: number; message: string }
  /** Safe in the spool, not yet in the store; `spool` is what the spool holds now. */
  | { type: 'spooled'; count: number; spool: SpoolSize }
  /** Written from the spool to the store. */
  | { type: 'replayed'; count: number; spool: SpoolSize }
  | { type: 'log'; line: string }
  | { type: 'flushed' };

// Batches are gathered for up to this long and committed together: fewer, larger transactions, and the
// gateway's cached key rows stay valid between commits (any commit makes it read keys again).
const commitEveryMs = 50;
const commitAtTraces = 2_000;
// while the store is down, the spool tries it again after this long, doubling up to the most
const firstRetryMs = 250;
const mostRetryMs = 10_000;

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const port = parentPort;
if (port) {
  const data = workerData as TraceWorkerData;
  const post = (message: FromTraceWorker): void => port.postMessage(message);
  const log = (line: string): void => post({ type: 'log', line });
  // opened again after a failure: a store that was down when the gateway started is used once it is up
  let opening: Promise<Stores> | undefined;
  const storesNow = (): Promise<Stores> => {
    opening ??= openStores(data.storeLocation, { memoryMapped: true }).catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  };
  void storesNow().catch(() => {});
  const insert = async (traces: TraceInput[]): Promise<void> => {
    const stores = await storesNow();
    await stores.gateway.insertTraces(traces);
  };
  const spool = data.spoolDir === undefined ? undefined : openTraceSpool(data.spoolDir, log);
  const redact = createBodyRedactor(data.redactBodies ?? {});
  const otlp = data.otlp ? createOtlpExporter({ ...data.otlp, log }) : undefined;
  let gathered: TraceInput[] = [];
  let timer: NodeJS.Timeout | undefined;
  // commits and replays run one after another, in the order the batches came
  let committed: Promise<void> = Promise.resolve();
  let retryMs = firstRetryMs;
  let retryTimer: NodeJS.Timeout | undefined;
  /** Set while the store is down: said once when it goes, once when it is back. */
  let outage: string | undefined;

  const toSpool = (spooling: TraceSpool, traces: TraceInput[], reason: string): void => {
    try {
      spooling.append(traces);
    } catch (error) {
      post({
        type: 'failed',
        count: traces.length,
        message: `${reason}; the spool could not take them either: ${reasonOf(error)}`,
      });
      return;
    }
    if (outage === undefined) {
      outage = reason;
      log(`cannot write traces (${reason}); keeping them in ${data.spoolDir} until the store is back`);
    }
    post({ type: 'spooled', count: traces.length, spool: spooling.size() });
    scheduleReplay(spooling);
  };
  const replay = async (spooling: TraceSpool): Promise<void> => {
    const done = await spooling.replay(insert);
    if (done.written > 0) post({ type: 'replayed', count: done.written, spool: spooling.size() });
    if (done.error === undefined && spooling.isEmpty()) {
      if (outage !== undefined) log('the store is back: every spooled trace is written');
      outage = undefined;
      retryMs = firstRetryMs;
      return;
    }
    retryMs = done.written > 0 ? firstRetryMs : Math.min(mostRetryMs, retryMs * 2);
    scheduleReplay(spooling);
  };
  const scheduleReplay = (spooling: TraceSpool): void => {
    if (retryTimer !== undefined) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      committed = committed.then(() => replay(spooling));
    }, retryMs);
    retryTimer.unref();
  };
  const write = async (batch: TraceInput[]): Promise<void> => {
    const traces = batch.map(redact);
    // while anything waits in the spool, new traces queue behind it, so the store gets them in order
    if (spool !== undefined && !spool.isEmpty()) {
      toSpool(spool, traces, outage ?? 'older traces are still in the spool');
      return;
    }
    try {
      await insert(traces);
      post({ type: 'written', count: traces.length });
    } catch (error) {
      if (spool === undefined) post({ type: 'failed', count: traces.length, message: reasonOf(error) });
      else toSpool(spool, traces, reasonOf(error));
    }
  };
  // a spool left by a gateway that stopped during an outage is written first
  if (spool !== undefined && !spool.isEmpty()) {
    post({ type: 'spooled', count: 0, spool: spool.size() });
    committed = committed.then(() => replay(spool));
  }
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
      // messages arrive in order: every batch posted before this one is written (or spooled) now, and exported
      void commit()
        .then(() => otlp?.shutdown())
        .then(() => {
          if (spool !== undefined && !spool.isEmpty()) {
            const { traces } = spool.size();
            log(
              `${traces} trace(s) wait in the spool ${data.spoolDir}; the next gateway with this spool folder writes them to the store`,
            );
          }
          // an empty spool leaves no file behind; a later batch opens it again
          spool?.close();
          post({ type: 'flushed' });
        });
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
