// One run as a worker sees it: the run's suite loaded from this machine's checkout and checked against the run's
// hash, its models and graders built once, and the execution of one queued call into the store.
import path from 'node:path';
import { loadSuiteOrPromptfoo } from '../import/promptfoo/load-suite-or-promptfoo.js';
import { YardstickError } from '../spec/errors.js';
import type { RunStore } from '../store/contract/run-store.js';
import { resultKey } from '../store/contract/store-types.js';
import type { Prompt, Suite, TestCase } from '../suite/suite-types.js';
import { readDistributedSettings } from './distributed-settings.js';
import { executeCall } from './execute-call.js';
import { createGraders } from './judge.js';
import { closeModelPool, createModelPool, type ModelPool, type PooledModel } from './model-pool.js';
import { createResponseCache } from './response-cache.js';
import { selectModels } from './run-eval.js';
import type { CallJob } from './run-queue.js';
import { parseRunSettings } from './run-settings.js';

export interface WorkerRunOptions {
  runs: RunStore;
  /** The folder suite paths are relative to: the worker's checkout of the repo. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Calls at once on this worker: the most any one model gets here. */
  concurrency: number;
  /** The response cache folder; undefined turns the cache off on this worker. */
  cacheDir: string | undefined;
  /** Where promptfoo configs write their adapters. */
  adapterDir: string;
  abortSignal: AbortSignal;
}

export interface WorkerRun {
  runId: string;
  suite: Suite;
  /** What happened to one call; throws when the call must go back to the queue. */
  runCall(call: CallJob, retryCount: number): Promise<'stored' | 'already-stored' | 'model-skipped'>;
  close(): Promise<void>;
}

const byId = <T extends { id: string }>(items: T[]): Map<string, T> =>
  new Map(items.map((item) => [item.id, item]));

export const openWorkerRun = async (runId: string, options: WorkerRunOptions): Promise<WorkerRun> => {
  const { runs } = options;
  const run = await runs.getRun(runId);
  if (!run) throw new YardstickError('E_CONFIG', `run ${runId} has a queue but is not in the store`);
  const settings = parseRunSettings(run.config, runId);
  const distributed = readDistributedSettings(run.config, runId);
  const suite = await loadSuiteOrPromptfoo(path.resolve(options.cwd, distributed.suitePath), {
    adapterDir: options.adapterDir,
    report: () => {},
  });
  if (suite.hash !== run.suiteHash) {
    throw new YardstickError(
      'E_CONFIG',
      `${distributed.suitePath} on this worker (suite hash ${suite.hash.slice(0, 12)}) is not the suite run ${runId} started with (hash ${run.suiteHash.slice(0, 12)}); check out the coordinator's commit in ${options.cwd}`,
    );
  }
  const models = selectModels(suite, settings.models);
  const context = { env: options.env, baseDir: suite.dir };
  const pool: ModelPool = await createModelPool(models, context, options.concurrency);
  const cache =
    distributed.cache && options.cacheDir !== undefined ? createResponseCache(options.cacheDir) : undefined;
  const graders = createGraders({
    concurrency: options.concurrency,
    judge: suite.judge,
    embedding: suite.embedding,
    context,
    cache,
    abortSignal: options.abortSignal,
  });
  const pooledByKey = new Map<string, PooledModel>(pool.available.map((pooled) => [pooled.key, pooled]));
  const missingHere = new Map(pool.skipped.map((entry) => [entry.key, entry.reason]));
  const prompts = byId<Prompt>(suite.prompts);
  const tests = byId<TestCase>(suite.tests);
  // models that answered on this worker: a later E_UNAVAILABLE is an error on its case, not a skipped model
  const answered = new Set<string>();
  const executeContext = {
    runId,
    baseDir: suite.dir,
    cache,
    graders,
    abortSignal: options.abortSignal,
    onRetry: () => {},
  };

  const find = (call: CallJob): { pooled: PooledModel; prompt: Prompt; test: TestCase } => {
    const reason = missingHere.get(call.modelKey);
    // another worker may hold the key: the call goes back to the queue with the reason
    if (reason !== undefined)
      throw new YardstickError('E_CONFIG', `model ${call.modelKey} cannot run here: ${reason}`);
    const pooled = pooledByKey.get(call.modelKey);
    const prompt = prompts.get(call.promptId);
    const test = tests.get(call.testId);
    if (!pooled || !prompt || !test) {
      throw new YardstickError(
        'E_CONFIG',
        `${distributed.suitePath} has no ${!pooled ? `model ${call.modelKey}` : !prompt ? `prompt ${call.promptId}` : `test ${call.testId}`} for run ${runId}`,
      );
    }
    return { pooled, prompt, test };
  };

  return {
    runId,
    suite,
    async runCall(call, retryCount) {
      const { pooled, prompt, test } = find(call);
      if (pooled.unavailable !== undefined) return 'model-skipped';
      // a call handed out again (its worker was killed or slow) may have been stored meanwhile
      if (retryCount > 0) {
        const stored = await runs.completedResults(runId);
        if (stored.has(resultKey(call.promptId, call.modelKey, call.testId, call.repeat)))
          return 'already-stored';
      }
      const executed = await pooled.limiter.run(() =>
        pooled.unavailable !== undefined
          ? Promise.resolve(undefined)
          : executeCall(pooled, prompt, test, call.repeat, executeContext),
      );
      if (executed === undefined) return 'model-skipped';
      if (options.abortSignal.aborted || executed.error?.code === 'E_ABORTED') {
        throw new YardstickError(
          'E_ABORTED',
          'the worker stopped during the call; it goes back to the queue',
        );
      }
      // as in a local run: a server never reached is a skipped model, and its calls are not retried
      if (executed.error?.code === 'E_UNAVAILABLE' && !answered.has(pooled.key)) {
        if (pooled.unavailable === undefined) {
          pooled.unavailable = executed.error.message;
          await runs.recordSkippedModel(runId, pooled.key, executed.error.message);
        }
        return 'model-skipped';
      }
      answered.add(pooled.key);
      // ON CONFLICT DO NOTHING in the store: a call run twice (after a kill) is stored once
      return (await runs.recordResult(executed.record)) ? 'stored' : 'already-stored';
    },
    close: () => closeModelPool(pool),
  };
};
