// The only way the UI server reads the store: small async functions over the store contract, whichever engine
// holds it. It reads; it never writes a run or a trace.
import { openRun } from '../../report/compare/load-side.js';
import { storeReportSource } from '../../report/store-report-source.js';
import type { ComparisonSide } from '../../scorecard/comparison-side.js';
import type { ReportResult, ReportSource } from '../../scorecard/report-source.js';
import type { TraceRow } from '../../store/contract/gateway-store.js';
import type { MonitorCounts, MonitorSampleRow, MonitorWindow } from '../../store/contract/monitor-store.js';
import type { QualificationRecord } from '../../store/contract/qualification-store.js';
import type { CasePage, RunFilter, SummaryRow } from '../../store/contract/run-queries.js';
import type { ResultRow, RunRow } from '../../store/contract/store-types.js';
import type { Stores } from '../../store/contract/stores.js';
import type {
  KeyBudgetRow,
  SpendBucket,
  TraceListFilter,
  TraceListRow,
} from '../../store/contract/trace-queries.js';
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
  assertions: async () => [],
});

/** Over an open store; closing the UI data closes it. */
export const openUiData = (stores: Stores): UiData => {
  const store = stores.runs;
  const runs = stores.runQueries;
  const traces = stores.traceQueries;
  const qualifications = stores.qualifications;
  const monitor = stores.monitor;
  return {
    runsPage: (filter) => runs.runsPage(filter),
    suiteNames: () => runs.suiteNames(),
    run: (runId) => store.getRun(runId),
    summarySource: async (runId) => {
      const source = await storeReportSource(store, runId);
      return {
        ...source,
        async *results() {
          for await (const row of runs.summaryRows(runId)) yield toSummaryResult(row);
        },
      };
    },
    modelsOf: (runId) => runs.modelsOf(runId),
    casePage: (runId, options) => runs.casePage(runId, options),
    caseResults: async (runId, caseId, model, prompt) => {
      const found: Array<{ result: ResultRow; checks: CheckView[] }> = [];
      for (const result of await runs.caseResults(runId, caseId, model, prompt)) {
        const checks = (await store.assertionsForResult(result.id)).map((row) => ({
          name: row.label ?? row.type,
          pass: row.pass,
          skipped: row.skipped,
          reason: row.reason,
        }));
        found.push({ result, checks });
      }
      return found;
    },
    comparisonSide: async (runId, model, label) => (await openRun(store, runId, label)).side(model),
    tracesPage: (filter) => traces.tracesPage(filter),
    trace: (id) => traces.trace(id),
    spendBuckets: (options) => traces.spendBuckets(options),
    keys: () => traces.keys(),
    spendSince: (keyId, since) => traces.spendSince(keyId, since),
    qualificationRecords: () => qualifications.latest(),
    cascadeCounts: (route, since) => qualifications.cascadeCounts(route, since),
    tracedRequests: (route, since) => qualifications.tracedRequests(route, since),
    monitorCounts: (window) => monitor.countsIn(window),
    monitorSample: (traceId) => monitor.sample(traceId),
    close: () => stores.close(),
  };
};
