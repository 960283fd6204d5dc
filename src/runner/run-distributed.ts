// The coordinator of a distributed run: creates or resumes the run as a local run does, puts every call the store
// lacks on the run's queue, and follows the store until the queue is empty, emitting the events of a local run.
// Workers (`yardstick worker`) make the calls; the store alone says what is done.

import { isCaseDecided } from '../stats/is-case-decided.js';
import { resultKey } from '../store/contract/store-types.js';
import type { Stores } from '../store/contract/stores.js';
import type { Suite } from '../suite/suite-types.js';
import { tallyBefore } from './auto-repeat.js';
import type { DistributedSettings } from './distributed-settings.js';
import { followRun } from './follow-run.js';
import { modelKeyOf, type PlannedCall, planCalls, planRound } from './plan.js';
import { prepareRun } from './prepare-run.js';
import { selectModels } from './run-eval.js';
import type { RunEvent } from './run-events.js';
import { holdRun } from './run-ownership.js';
import type { CallJob, RunQueue } from './run-queue.js';
import type { RunSettings } from './run-settings.js';

export interface DistributedOptions {
  suite: Suite;
  stores: Pick<Stores, 'runs' | 'runQueries'>;
  queue: RunQueue;
  settings: RunSettings;
  distributed: DistributedSettings;
  resumeRunId?: string | undefined;
  abortSignal: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  /** How often the store and queue are read (default 500 ms, more for large runs). */
  pollMs?: number;
}

export interface DistributedOutcome {
  runId: string;
  status: 'completed' | 'aborted' | 'failed';
  ranModels: string[];
  skipped: Array<{ key: string; reason: string }>;
  /** Calls that are not stored after every retry on the workers, grouped by their last error. */
  failures: Array<{ message: string; calls: number }>;
  failedCalls: number;
}

const toJob = (runId: string, call: PlannedCall): CallJob => ({
  runId,
  promptId: call.prompt.id,
  modelKey: call.modelKey,
  testId: call.test.id,
  repeat: call.repeat,
});

export const runDistributed = async (options: DistributedOptions): Promise<DistributedOutcome> => {
  const { suite, queue, settings } = options;
  const { runs } = options.stores;
  const emit = options.onEvent ?? (() => {});
  const models = selectModels(suite, settings.models);
  const modelKeys = models.map(modelKeyOf);
  const prepared = await prepareRun({
    suite,
    runs,
    settings,
    config: { ...settings, distributed: options.distributed },
    resumeRunId: options.resumeRunId,
    runnable: modelKeys,
  });
  const { runId, done } = prepared;
  const release = await holdRun(runs, runId);
  try {
    await queue.openRun(runId);
    // on resume, calls still waiting from before are dropped and what the store lacks is enqueued once
    if (options.resumeRunId) await queue.purge(runId);
    emit(prepared.start);

    const follower = followRun({
      ...options,
      runId,
      perModel: prepared.perModel,
      doneByModel: prepared.doneByModel,
      emit,
    });
    const jobIds = new Map<string, string>();
    const enqueue = async (calls: Iterable<PlannedCall>): Promise<void> => {
      const missing = function* (): Generator<CallJob> {
        for (const call of calls) {
          if (follower.skippedModels.has(call.modelKey)) continue;
          if (!done.has(resultKey(call.prompt.id, call.modelKey, call.test.id, call.repeat)))
            yield toJob(runId, call);
        }
      };
      for (const [key, id] of await queue.enqueue(runId, missing())) jobIds.set(key, id);
    };

    let drained: 'drained' | 'aborted' = 'drained';
    if (settings.repeatAuto) {
      // rounds with a barrier, as in a local run: round r is enqueued once rounds 0..r-1 are all stored
      for (let round = 0; round < settings.repeat; round += 1) {
        const undecided = (promptId: string, modelKey: string, testId: string): boolean => {
          if (round === 0) return true;
          const { passed, runs: count } = tallyBefore(round, (repeat) =>
            done.get(resultKey(promptId, modelKey, testId, repeat)),
          );
          return count > 0 && !isCaseDecided(passed, count);
        };
        let cases = 0;
        let calls = 0;
        for (const call of planRound(suite, models, round, undecided)) {
          if (follower.skippedModels.has(call.modelKey)) continue;
          cases += 1;
          if (!done.has(resultKey(call.prompt.id, call.modelKey, call.test.id, round))) calls += 1;
        }
        if (cases === 0) break;
        emit({ type: 'round', round, calls, cases });
        await enqueue(planRound(suite, models, round, undecided));
        drained = await follower.untilDrained(done);
        if (drained === 'aborted') break;
      }
    } else {
      await enqueue(planCalls(suite, models, settings.repeat));
      drained = await follower.untilDrained(done);
    }

    const skipped = [...follower.skippedModels].map(([key, reason]) => ({ key, reason }));
    const ranModels = modelKeys.filter((key) => !follower.skippedModels.has(key));
    if (drained === 'aborted') {
      await queue.remove(runId);
      await runs.finishRun(runId, 'aborted', new Date().toISOString());
      emit({ type: 'finish', runId, status: 'aborted' });
      return { runId, status: 'aborted', ranModels, skipped, failures: [], failedCalls: 0 };
    }

    // what the store lacks now failed on the workers after every retry: say why, from the jobs' last errors
    const lacking: string[] = [];
    const expected = settings.repeatAuto ? [...jobIds.keys()] : [...planKeys(suite, models, settings.repeat)];
    for (const key of expected) {
      const model = key.split('\u0000')[1] ?? '';
      if (!done.has(key) && !follower.skippedModels.has(model)) lacking.push(key);
    }
    const failures = await describeFailures(queue, runId, lacking, jobIds);
    await queue.remove(runId);
    const status = lacking.length === 0 ? 'completed' : 'failed';
    if (settings.repeatAuto && status === 'completed')
      await runs.setTotalPlanned(runId, await runs.countResults(runId));
    await runs.finishRun(runId, status, new Date().toISOString());
    emit({ type: 'finish', runId, status });
    return { runId, status, ranModels, skipped, failures, failedCalls: lacking.length };
  } finally {
    release();
  }
};

function* planKeys(suite: Suite, models: ReturnType<typeof selectModels>, repeat: number): Generator<string> {
  for (const call of planCalls(suite, models, repeat)) {
    yield resultKey(call.prompt.id, call.modelKey, call.test.id, call.repeat);
  }
}

/** The last error of each lacking call's job (looked up for the first 200), grouped by message. */
const describeFailures = async (
  queue: RunQueue,
  runId: string,
  lacking: string[],
  jobIds: Map<string, string>,
): Promise<DistributedOutcome['failures']> => {
  const counts = new Map<string, number>();
  for (const key of lacking.slice(0, 200)) {
    const id = jobIds.get(key);
    const state = id === undefined ? undefined : await queue.jobState(runId, id);
    const message = state?.lastError ?? 'no worker stored it (the job was removed or never taken)';
    counts.set(message, (counts.get(message) ?? 0) + 1);
  }
  const described = [...counts.values()].reduce((sum, count) => sum + count, 0);
  if (lacking.length > described) {
    counts.set('not looked up (only the first 200 are)', lacking.length - described);
  }
  return [...counts].map(([message, calls]) => ({ message, calls }));
};
