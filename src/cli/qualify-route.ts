// Qualifies one cheapest-passing route: runs its suite against every target through the normal runner (the
// response cache, progress, resume and the results store as `eval` uses them), decides with the scorecard and
// writes the qualification record the gateway serves from.
import { openRun } from '../report/compare/load-side.js';
import { storeReportSource } from '../report/store-report-source.js';
import type { ResponseCache } from '../runner/response-cache.js';
import { runEval } from '../runner/run-eval.js';
import type { RunEvent } from '../runner/run-events.js';
import { compareSides } from '../scorecard/compare-sides.js';
import {
  type QualificationDecision,
  qualifyTargets,
  type ReferenceVerdict,
} from '../scorecard/qualify-targets.js';
import { summarizeRun } from '../scorecard/summarize-run.js';
import type { QualificationRecord, QualificationStore } from '../store/contract/qualification-store.js';
import type { RunStore } from '../store/contract/run-store.js';
import type { RouteBasis } from './route-basis.js';

export interface QualifyDeps {
  store: RunStore;
  records: QualificationStore;
  cache: ResponseCache | undefined;
  env: Record<string, string | undefined>;
  abortSignal: AbortSignal;
  onEvent: (event: RunEvent) => void;
}

export type Qualified =
  | { status: 'recorded'; record: QualificationRecord; decision: QualificationDecision }
  | { status: 'aborted'; runId: string };

/** Each target against the reference, paired case by case, as `compare --require-non-inferiority` decides. */
const referenceVerdicts = async (
  store: RunStore,
  runId: string,
  reference: string,
  maxDrop: number,
  ran: readonly string[],
): Promise<Map<string, ReferenceVerdict>> => {
  const verdicts = new Map<string, ReferenceVerdict>();
  if (!ran.includes(reference)) return verdicts;
  const opened = await openRun(store, runId, runId);
  const baseline = await opened.side(reference);
  for (const model of ran) {
    if (model === reference) continue;
    const comparison = compareSides(baseline, await opened.side(model), {
      maxDrop,
      requireNonInferiority: true,
      detect: maxDrop > 0 ? maxDrop : 0.05,
      alpha: 0.05,
    });
    verdicts.set(model, { decision: comparison.decision, reason: comparison.reason });
  }
  return verdicts;
};

/**
 * The newest run of this very suite and target list, when it was interrupted: qualify resumes it, as
 * `eval --resume` would, so no case is called twice.
 */
const interruptedRun = async (store: RunStore, suiteHash: string): Promise<string | undefined> => {
  const newest = (await store.listRuns({ limit: 200 })).find((run) => run.suiteHash === suiteHash);
  return newest?.status === 'aborted' ? newest.id : undefined;
};

export const qualifyRoute = async (prepared: RouteBasis, deps: QualifyDeps): Promise<Qualified> => {
  const { suite, basis, rule, route } = prepared;
  const resumeRunId = await interruptedRun(deps.store, suite.hash);
  const outcome = await runEval({
    suite,
    store: deps.store,
    ...(resumeRunId ? { resumeRunId } : {}),
    settings: {
      models: [],
      repeat: suite.repeat === 'auto' ? suite.maxRepeats : suite.repeat,
      repeatAuto: suite.repeat === 'auto',
      concurrency: suite.concurrency,
    },
    cache: deps.cache,
    context: { env: deps.env, baseDir: suite.dir },
    abortSignal: deps.abortSignal,
    onEvent: deps.onEvent,
  });
  if (outcome.status === 'aborted') return { status: 'aborted', runId: outcome.runId };
  const rows = (await summarizeRun(await storeReportSource(deps.store, outcome.runId))).summary;
  const targets = basis.targets.map((target) => target.model);
  const skipped = new Map(outcome.skipped.map((entry) => [entry.key, entry.reason]));
  const verdicts =
    'reference' in rule
      ? await referenceVerdicts(deps.store, outcome.runId, rule.reference, rule.maxDrop, outcome.ranModels)
      : undefined;
  const decision = qualifyTargets(targets, rows, rule, { skipped, ...(verdicts ? { verdicts } : {}) });
  const fields = {
    route: route.name,
    createdAt: new Date().toISOString(),
    runId: outcome.runId,
    suitePath: suite.filePath,
    suiteHash: basis.suiteHash,
    rule: basis.rule,
    priceTableVersion: basis.priceTableVersion,
    targets: basis.targets.map((target) => ({ model: target.model, price: target.price })),
    candidates: decision.candidates,
    chosen: decision.chosen,
    order: decision.order,
    reason: decision.reason,
  };
  const id = await deps.records.insert(fields);
  return { status: 'recorded', record: { ...fields, id }, decision };
};
