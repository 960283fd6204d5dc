// The only way the UI server reads the store: small async functions, so that when the store contract turns
// asynchronous (and gains PostgreSQL) only this file changes. It reads; it never writes a run or a trace.
import type BetterSqlite3 from 'better-sqlite3';
import { openRun } from '../../report/compare/load-side.js';
import { storeReportSource } from '../../report/store-report-source.js';
import type { ComparisonSide } from '../../scorecard/comparison-side.js';
import type { ReportResult, ReportSource } from '../../scorecard/report-source.js';
import type { MonitorCounts, MonitorSampleRow, MonitorWindow } from '../../store/contract/monitor-store.js';
import type { QualificationRecord } from '../../store/contract/qualification-store.js';
import type { ResultRow, RunRow } from '../../store/contract/store-types.js';
import type { TraceRow } from '../../store/gateway-store.js';
import { createMonitorStore } from '../../store/monitor-store.js';
import { openDatabase } from '../../store/open-store.js';
import { createQualificationStore } from '../../store/qualification-store.js';
import { type CasePage, createRunQueries, type RunFilter, type SummaryRow } from '../../store/run-queries.js';
import { createStore } from '../../store/store.js';
import {
  createTraceQueries,
  type KeyBudgetRow,
  type SpendBucket,
  type TraceListFilter,
  type TraceListRow,
} from '../../store/trace-queries.js';
import type { CheckView } from '../api-types.js';

export interface UiData {
  runsPage(filter: RunFilter): Promise<RunRow[]>;
  suiteNames(): Promise<string[]>;
  run(runId: string): Promise<RunRow | undefined>;
  /**
   * What the scorecard's summarizeRun reads of a run: its summary is computed from this, never by SQL of our
   * own. For summaries only: the answers and checks are left out (empty) so a large run is summarized quickly.
   */
  summarySource(runId: string): Promise<ReportSource>;
  modelsOf(runId: string): Promise<Array<{ model: string; prompt: string }>>;
  casePage(
    runId: string,
    options: { after?: string; limit: number; failingOnly: boolean },
  ): Promise<CasePage>;
  caseResults(
    runId: string,
    caseId: string,
    model: string,
    prompt: string,
  ): Promise<Array<{ result: ResultRow; checks: CheckView[] }>>;
  /** One model's side of a comparison, as `yardstick compare` loads it. */
  comparisonSide(runId: string, model: string, label: string): Promise<ComparisonSide>;
  tracesPage(filter: TraceListFilter): Promise<TraceListRow[]>;
  trace(id: string): Promise<TraceRow | undefined>;
  spendBuckets(options: {
    by: 'key' | 'route';
    bucket: 'hour' | 'day';
    since: string;
    until: string;
  }): Promise<SpendBucket[]>;
  keys(): Promise<KeyBudgetRow[]>;
  spendSince(keyId: string, since: string): Promise<number>;
  /** The newest qualification record of each route. */
  qualificationRecords(): Promise<QualificationRecord[]>;
  cascadeCounts(route: string, since: string): Promise<{ checked: number; escalated: number }>;
  tracedRequests(route: string, since: string): Promise<number>;
  monitorCounts(window: MonitorWindow): Promise<MonitorCounts[]>;
  monitorSample(traceId: string): Promise<MonitorSampleRow | undefined>;
  close(): Promise<void>;
}

const toSummaryResult = (row: SummaryRow): ReportResult => ({
  promptId: row.promptId,
  modelId: row.modelId,
  testId: row.testId,
  repeat: row.repeat,
  pass: row.pass === 1,
  score: row.pass === 1 ? 1 : 0,
  output: '',
  toolCalls: [],
  errorCode: row.errorCode,
  errorMessage: row.errorMessage,
  latencyMs: row.latencyMs ?? 0,
  ttftMs: row.ttftMs,
  costUsd: row.costUsd,
  judgeCostUsd: row.judgeCostUsd ?? 0,
  inputTokens: row.inputTokens,
  outputTokens: row.outputTokens,
  cachedInputTokens: row.cachedInputTokens,
  reasoningTokens: row.reasoningTokens,
  cacheHit: row.cacheHit === 1,
  finishReason: null,
  finishReasonRaw: null,
  assertions: () => [],
});

/** Over an open, migrated connection; `openUiData` opens one. */
export const createUiData = (db: BetterSqlite3.Database): UiData => {
  const store = createStore(db);
  const runs = createRunQueries(db);
  const traces = createTraceQueries(db);
  const qualifications = createQualificationStore(db);
  const monitor = createMonitorStore(db);
  return {
    runsPage: async (filter) => runs.runsPage(filter),
    suiteNames: async () => runs.suiteNames(),
    run: async (runId) => store.getRun(runId),
    summarySource: async (runId) => {
      const source = storeReportSource(store, runId);
      return {
        ...source,
        *results() {
          for (const row of runs.summaryRows(runId)) yield toSummaryResult(row);
        },
      };
    },
    modelsOf: async (runId) => runs.modelsOf(runId),
    casePage: async (runId, options) => runs.casePage(runId, options),
    caseResults: async (runId, caseId, model, prompt) =>
      runs.caseResults(runId, caseId, model, prompt).map((result) => ({
        result,
        checks: store.assertionsForResult(result.id).map((row) => ({
          name: row.label ?? row.type,
          pass: row.pass,
          skipped: row.skipped,
          reason: row.reason,
        })),
      })),
    comparisonSide: async (runId, model, label) => openRun(store, runId, label).side(model),
    tracesPage: async (filter) => traces.tracesPage(filter),
    trace: async (id) => traces.trace(id),
    spendBuckets: async (options) => traces.spendBuckets(options),
    keys: async () => traces.keys(),
    spendSince: async (keyId, since) => traces.spendSince(keyId, since),
    qualificationRecords: async () => qualifications.latest(),
    cascadeCounts: async (route, since) => qualifications.cascadeCounts(route, since),
    tracedRequests: async (route, since) => qualifications.tracedRequests(route, since),
    monitorCounts: async (window) => monitor.countsIn(window),
    monitorSample: async (traceId) => monitor.sample(traceId),
    close: async () => store.close(),
  };
};

/** @throws YardstickError E_STORE when the file cannot be opened or migrated. */
export const openUiData = (path: string): UiData => createUiData(openDatabase(path));
