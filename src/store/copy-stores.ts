// Copies one store into another through the store contract (any engine to any engine): runs with their results,
// assertions and skipped models, keys, traces, monitor samples and qualification records, in batches so a store
// of any size copies in flat memory. Idempotent: what the target already has is skipped, so a copy that was
// interrupted is finished by running it again, and a second copy adds nothing.
import type { AssertionKind, AssertionOutcome } from '../spec/assertion.js';
import type { ErrorCode } from '../spec/errors.js';
import type { TraceInput } from './contract/gateway-store.js';
import type { MonitorSampleInput } from './contract/monitor-store.js';
import type { AssertionRow, ResultInput, ResultRow, RunRow } from './contract/store-types.js';
import type { Stores } from './contract/stores.js';

export interface CopiedCount {
  /** Rows read from the source. */
  read: number;
  /** Rows the target did not have and now has. */
  added: number;
}

export interface CopyReport {
  runs: CopiedCount;
  results: CopiedCount;
  skippedModels: CopiedCount;
  keys: CopiedCount & {
    /** Keys not copied because a live key of the same name (another id) is in the target. */
    conflicts: Array<{ id: string; name: string; targetId: string }>;
  };
  traces: CopiedCount;
  monitorSamples: CopiedCount;
  qualifications: CopiedCount;
}

export interface CopyOptions {
  /** Rows per write (results, traces, samples); default 500. */
  batchSize?: number;
  /** Called after each part, e.g. to print progress. */
  onPart?: (part: keyof CopyReport, count: CopiedCount) => void;
}

const toOutcome = (row: AssertionRow): AssertionOutcome => ({
  // stored as text so rows of other versions load; written back as the same text
  type: row.type as AssertionKind,
  ...(row.label === undefined ? {} : { label: row.label }),
  pass: row.pass,
  score: row.score,
  reason: row.reason,
  weight: row.weight,
  ...(row.judgeCostUsd === undefined ? {} : { judgeCostUsd: row.judgeCostUsd }),
  ...(row.skipped ? { skipped: true } : {}),
});

/** A stored result as it was recorded. The call's retry count is not in the contract's rows; it defaults. */
const toResultInput = (row: ResultRow, assertions: AssertionRow[]): ResultInput => ({
  runId: row.runId,
  promptId: row.promptId,
  modelId: row.modelId,
  testId: row.testId,
  repeat: row.repeat,
  pass: row.pass ?? false,
  score: row.score,
  output: row.output,
  toolCalls: row.toolCalls,
  errorCode: row.errorCode as ErrorCode | undefined,
  errorMessage: row.errorMessage,
  latencyMs: row.latencyMs,
  ttftMs: row.ttftMs,
  costUsd: row.costUsd,
  judgeCostUsd: row.judgeCostUsd,
  usage: row.usage,
  cacheHit: row.cacheHit,
  requestHash: row.requestHash,
  finishReason: row.finishReason,
  createdAt: row.createdAt,
  assertions: assertions.map(toOutcome),
});

/** Reads `rows` in batches of `size` and hands each to `write`. */
const inBatches = async <Row>(
  rows: AsyncIterable<Row>,
  size: number,
  write: (batch: Row[]) => Promise<void>,
): Promise<number> => {
  let batch: Row[] = [];
  let read = 0;
  for await (const row of rows) {
    batch.push(row);
    read += 1;
    if (batch.length >= size) {
      await write(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await write(batch);
  return read;
};

const copyRun = async (from: Stores, to: Stores, run: RunRow, batchSize: number, report: CopyReport) => {
  const existing = await to.runs.getRun(run.id);
  if (!existing) {
    await to.runs.createRun({
      id: run.id,
      suiteName: run.suiteName,
      suitePath: run.suitePath,
      suiteHash: run.suiteHash,
      startedAt: run.startedAt,
      config: run.config,
      totalPlanned: run.totalPlanned,
    });
    report.runs.added += 1;
  }
  if (run.status !== 'running' && existing?.status !== run.status) {
    await to.runs.finishRun(run.id, run.status, run.finishedAt ?? run.startedAt);
  }
  const skippedBefore = new Set((await to.runs.skippedModels(run.id)).map((row) => row.modelId));
  for (const skipped of await from.runs.skippedModels(run.id)) {
    report.skippedModels.read += 1;
    if (skippedBefore.has(skipped.modelId)) continue;
    await to.runs.recordSkippedModel(run.id, skipped.modelId, skipped.reason);
    report.skippedModels.added += 1;
  }
  report.results.read += await inBatches(from.runs.iterateResults(run.id), batchSize, async (rows) => {
    const inputs = await Promise.all(
      rows.map(async (row) => toResultInput(row, await from.runs.assertionsForResult(row.id))),
    );
    const written = await to.runs.recordResults(inputs);
    report.results.added += written.filter(Boolean).length;
  });
};

const qualificationKey = (record: { route: string; createdAt: string; runId: string; suiteHash: string }) =>
  JSON.stringify([record.route, record.createdAt, record.runId, record.suiteHash]);

/** Copies everything in `from` that `to` lacks; returns what was read and what was added, per part. */
export const copyStores = async (
  from: Stores,
  to: Stores,
  options: CopyOptions = {},
): Promise<CopyReport> => {
  const batchSize = options.batchSize ?? 500;
  const count = (): CopiedCount => ({ read: 0, added: 0 });
  const report: CopyReport = {
    runs: count(),
    results: count(),
    skippedModels: count(),
    keys: { ...count(), conflicts: [] },
    traces: count(),
    monitorSamples: count(),
    qualifications: count(),
  };
  const done = (part: keyof CopyReport): void => options.onPart?.(part, report[part]);

  for await (const run of from.runs.iterateRuns()) {
    report.runs.read += 1;
    await copyRun(from, to, run, batchSize, report);
  }
  done('runs');
  done('results');
  done('skippedModels');

  // oldest first, so a revoked key is in place before a newer live key takes its name
  for (const key of await from.gateway.listKeys()) {
    report.keys.read += 1;
    if (await to.gateway.getKey(key.id)) continue;
    const outcome = await to.gateway.insertKey(key);
    if (outcome.inserted) report.keys.added += 1;
    else report.keys.conflicts.push({ id: key.id, name: key.name, targetId: outcome.sameName.id });
  }
  done('keys');

  const tracesBefore = await to.gateway.countTraces();
  report.traces.read = await inBatches<TraceInput>(from.gateway.traces({}), batchSize, (batch) =>
    to.gateway.insertTraces(batch),
  );
  report.traces.added = (await to.gateway.countTraces()) - tracesBefore;
  done('traces');

  const samplesBefore = await to.monitor.countSamples();
  report.monitorSamples.read = await inBatches<MonitorSampleInput>(
    from.monitor.iterateSamples(),
    batchSize,
    (batch) => to.monitor.insertSamples(batch),
  );
  report.monitorSamples.added = (await to.monitor.countSamples()) - samplesBefore;
  done('monitorSamples');

  const present = new Set<string>();
  for await (const record of to.qualifications.iterateRecords()) present.add(qualificationKey(record));
  for await (const record of from.qualifications.iterateRecords()) {
    report.qualifications.read += 1;
    if (present.has(qualificationKey(record))) continue;
    const { id: _id, ...fields } = record;
    await to.qualifications.insert(fields);
    present.add(qualificationKey(record));
    report.qualifications.added += 1;
  }
  done('qualifications');
  return report;
};
