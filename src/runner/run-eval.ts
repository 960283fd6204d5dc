// Runs a suite: plans the calls, schedules them under global and per-model limits, stores each result as it lands.
import { closeCheckThreads } from '../assertions/check-threads.js';
import { YardstickError } from '../spec/errors.js';
import type { ModelConfig } from '../spec/model-config.js';
import { isCaseDecided } from '../stats/is-case-decided.js';
import type { RunStore } from '../store/contract/run-store.js';
import type { Prompt, Suite, TestCase } from '../suite/suite-types.js';
import { tallyBefore } from './auto-repeat.js';
import { executeCall } from './execute-call.js';
import { createGraders } from './judge.js';
import {
  closeModelPool,
  createModelPool,
  type ModelContext,
  type ModelPool,
  type PooledModel,
} from './model-pool.js';
import { modelKeyOf, type PlannedCall, planCalls, planKey, planRound } from './plan.js';
import { prepareRun } from './prepare-run.js';
import type { ResponseCache } from './response-cache.js';
import { createResultWriter } from './result-writer.js';
import type { RunEvent } from './run-events.js';
import { holdRun } from './run-ownership.js';
import type { RunSettings } from './run-settings.js';

export interface EvalOptions {
  suite: Suite;
  store: RunStore;
  settings: RunSettings;
  /** Continue this run instead of starting a new one. */
  resumeRunId?: string;
  cache: ResponseCache | undefined;
  context: ModelContext;
  abortSignal: AbortSignal;
  onEvent?: (event: RunEvent) => void;
}

export interface EvalOutcome {
  runId: string;
  status: 'completed' | 'aborted';
  ranModels: string[];
  skipped: Array<{ key: string; reason: string }>;
}

/** Picks the suite models named by `--model`; an unknown name is a configuration error that lists the choices. */
export const selectModels = (suite: Suite, wanted: string[]): ModelConfig[] => {
  if (wanted.length === 0) return suite.models;
  return wanted.map((name) => {
    const found = suite.models.find((model) => model.id === name || model.label === name);
    if (!found) {
      const choices = suite.models.map(modelKeyOf).join(', ');
      throw new YardstickError(
        'E_CONFIG',
        `--model ${name} is not a model of suite "${suite.name}"; its models are: ${choices}`,
      );
    }
    return found;
  });
};

export const runEval = async (options: EvalOptions): Promise<EvalOutcome> => {
  const models = selectModels(options.suite, options.settings.models);
  const pool = await createModelPool(models, options.context, options.settings.concurrency);
  try {
    return await runWithModels(options, models, pool);
  } finally {
    // the worker threads of the user's code end with the run, whatever ended it
    await Promise.all([closeModelPool(pool), closeCheckThreads()]);
  }
};

const runWithModels = async (
  options: EvalOptions,
  models: ModelConfig[],
  pool: ModelPool,
): Promise<EvalOutcome> => {
  const { suite, store, settings, abortSignal } = options;
  const emit = options.onEvent ?? (() => {});
  const runnable = pool.available.map((pooled) => pooled.key);
  const prepared = await prepareRun({
    suite,
    runs: store,
    settings,
    config: settings,
    resumeRunId: options.resumeRunId,
    runnable,
  });
  // key → passed, for every stored result; with --repeat auto, results of this session join it as they land
  const { runId, perModel, done, doneByModel } = prepared;
  const release = await holdRun(store, runId);
  emit(prepared.start);

  const skipped: EvalOutcome['skipped'] = [];
  const skip = async (key: string, reason: string, droppedCalls: number): Promise<void> => {
    skipped.push({ key, reason });
    emit({ type: 'model-skipped', model: key, reason, droppedCalls });
    await store.recordSkippedModel(runId, key, reason);
  };
  for (const entry of pool.skipped) await skip(entry.key, entry.reason, 0);

  const byKey = new Map<string, PooledModel>(pool.available.map((pooled) => [pooled.key, pooled]));
  // a fatal error in one worker (the store failing) stops the others, so no call is paid for and then lost
  const failure = new AbortController();
  const signal = AbortSignal.any([abortSignal, failure.signal]);
  const answered = new Set<string>();
  const writer = createResultWriter(store);
  const graders = createGraders({
    concurrency: settings.concurrency,
    judge: suite.judge,
    embedding: suite.embedding,
    context: options.context,
    cache: options.cache,
    abortSignal: signal,
  });
  const executeContext = {
    runId,
    baseDir: suite.dir,
    cache: options.cache,
    graders,
    abortSignal: signal,
    onRetry: (model: string, error: YardstickError, delayMs: number) =>
      emit({ type: 'retry', model, message: error.message, delayMs }),
  };

  const runOne = async (
    pooled: PooledModel,
    prompt: Prompt,
    test: TestCase,
    repeat: number,
  ): Promise<void> => {
    if (signal.aborted || pooled.unavailable) return;
    const executed = await executeCall(pooled, prompt, test, repeat, executeContext);
    // an interrupted call is not recorded, so --resume runs it again: nothing lost, nothing twice
    if (signal.aborted || executed.error?.code === 'E_ABORTED') return;
    // a server that was never reached is a skipped model; one that goes away mid-run gives errors on its cases
    if (executed.error?.code === 'E_UNAVAILABLE' && !answered.has(pooled.key)) {
      if (!pooled.unavailable) {
        pooled.unavailable = executed.error.message;
        // with --repeat auto the remaining calls are not known; the next round's count leaves the model out
        const dropped = settings.repeatAuto ? 0 : perModel - (doneByModel.get(pooled.key) ?? 0);
        await skip(pooled.key, executed.error.message, dropped);
      }
      return;
    }
    answered.add(pooled.key);
    await writer.write(executed.record);
    if (settings.repeatAuto) done.set(planKey(prompt.id, pooled.key, test.id, repeat), executed.record.pass);
    doneByModel.set(pooled.key, (doneByModel.get(pooled.key) ?? 0) + 1);
    emit({
      type: 'result',
      model: pooled.key,
      testId: test.id,
      pass: executed.record.pass,
      errorCode: executed.error?.code,
      spentUsd: executed.spentUsd,
      cacheHit: executed.record.cacheHit,
    });
  };

  let fatal: unknown;
  const worker = async (plan: Iterator<PlannedCall>): Promise<void> => {
    for (let next = plan.next(); !next.done && !signal.aborted; next = plan.next()) {
      const { prompt, test, repeat, modelKey } = next.value;
      const pooled = byKey.get(modelKey);
      if (!pooled || pooled.unavailable) continue;
      if (done.has(planKey(prompt.id, modelKey, test.id, repeat))) continue;
      try {
        await pooled.limiter.run(() => runOne(pooled, prompt, test, repeat));
      } catch (error) {
        fatal ??= error;
        failure.abort();
      }
    }
  };
  const runPlan = (plan: Iterator<PlannedCall>): Promise<unknown> =>
    Promise.all(Array.from({ length: settings.concurrency }, () => worker(plan)));

  if (settings.repeatAuto) {
    // rounds with a barrier: round r repeats the cases that rounds 0..r-1 left undecided
    for (let round = 0; round < settings.repeat && !signal.aborted; round += 1) {
      const undecided = (promptId: string, modelKey: string, testId: string): boolean => {
        if (round === 0) return true;
        const { passed, runs } = tallyBefore(round, (repeat) =>
          done.get(planKey(promptId, modelKey, testId, repeat)),
        );
        return runs > 0 && !isCaseDecided(passed, runs);
      };
      let cases = 0;
      let calls = 0;
      for (const call of planRound(suite, models, round, undecided)) {
        const pooled = byKey.get(call.modelKey);
        if (!pooled || pooled.unavailable) continue;
        cases += 1;
        if (!done.has(planKey(call.prompt.id, call.modelKey, call.test.id, round))) calls += 1;
      }
      if (cases === 0) break;
      emit({ type: 'round', round, calls, cases });
      await runPlan(planRound(suite, models, round, undecided));
      if (fatal !== undefined) break;
    }
  } else {
    await runPlan(planCalls(suite, models, settings.repeat));
  }
  release();
  if (fatal !== undefined) {
    await store.finishRun(runId, 'failed', new Date().toISOString());
    throw fatal;
  }

  const status = abortSignal.aborted ? 'aborted' : 'completed';
  // an auto-repeated run planned for the most repeats; once finished, what it made is what it planned
  if (settings.repeatAuto && status === 'completed') {
    await store.setTotalPlanned(runId, await store.countResults(runId));
  }
  await store.finishRun(runId, status, new Date().toISOString());
  emit({ type: 'finish', runId, status });
  const ranModels = pool.available.filter((pooled) => !pooled.unavailable).map((pooled) => pooled.key);
  return { runId, status, ranModels, skipped };
};
