// `yardstick eval --distributed`: the checks and the queue around the coordinator, so eval-command only chooses
// between a local and a distributed run.
import {
  type DistributedSettings,
  portableSuitePath,
  readDistributedSettings,
} from '../runner/distributed-settings.js';
import { type DistributedOutcome, runDistributed } from '../runner/run-distributed.js';
import type { RunEvent } from '../runner/run-events.js';
import { openRunQueue } from '../runner/run-queue.js';
import type { RunSettings } from '../runner/run-settings.js';
import { YardstickError } from '../spec/errors.js';
import type { RunRow } from '../store/contract/store-types.js';
import type { Stores } from '../store/contract/stores.js';
import type { Suite } from '../suite/suite-types.js';

/** The default visibility timeout: a call held longer by a silent worker goes to another worker. */
export const defaultVisibilityTimeoutSeconds = 900;

/** Workers on other machines write to the run's store, so it must be a server they can all reach. */
export const assertDistributableStore = (location: string, source: string): void => {
  if (/^postgres(ql)?:\/\//i.test(location.trim())) return;
  throw new YardstickError(
    'E_CONFIG',
    `--distributed needs a PostgreSQL store that every worker can reach (${source} postgres://…); ${source} is "${location}", a SQLite file on this machine that workers elsewhere cannot write to`,
  );
};

/** A run resumed with --distributed must have been started with it: its workers need what it stored then. */
export const distributedSettingsForResume = (run: RunRow): DistributedSettings => {
  try {
    return readDistributedSettings(run.config, run.id);
  } catch {
    throw new YardstickError(
      'E_CONFIG',
      `run ${run.id} was started without --distributed; resume it the same way: yardstick eval --resume ${run.id}`,
    );
  }
};

export interface DistributedEvalInput {
  /** The `postgres://` URL of the store; the queue lives in the same database. */
  storeUrl: string;
  stores: Stores;
  suite: Suite;
  settings: RunSettings;
  resumed: RunRow | undefined;
  cache: boolean;
  visibilityTimeoutSeconds: number;
  abortSignal: AbortSignal;
  onEvent: (event: RunEvent) => void;
  warn: (line: string) => void;
}

export const evalDistributed = async (input: DistributedEvalInput): Promise<DistributedOutcome> => {
  const distributed: DistributedSettings = input.resumed
    ? {
        ...distributedSettingsForResume(input.resumed),
        visibilityTimeoutSeconds: input.visibilityTimeoutSeconds,
      }
    : {
        suitePath: portableSuitePath(input.suite.filePath, process.cwd()),
        cache: input.cache,
        visibilityTimeoutSeconds: input.visibilityTimeoutSeconds,
      };
  const queue = await openRunQueue({
    connectionString: input.storeUrl,
    visibilityTimeoutSeconds: input.visibilityTimeoutSeconds,
    supervise: true,
    onError: (error) => input.warn(`job queue: ${error.message}`),
  });
  try {
    return await runDistributed({
      suite: input.suite,
      stores: input.stores,
      queue,
      settings: input.settings,
      distributed,
      resumeRunId: input.resumed?.id,
      abortSignal: input.abortSignal,
      onEvent: (event) => {
        input.onEvent(event);
        if (event.type === 'start') {
          input.warn(
            `the calls go on the queue in ${input.stores.location}; workers take them: yardstick worker --store <that store>, from a checkout of this repository (see docs/teams.md)`,
          );
        }
      },
    });
  } finally {
    await queue.close();
  }
};

/** What the user reads when calls failed on the workers: how many, why, and how to go on. */
export const describeDistributedFailure = (outcome: DistributedOutcome): string =>
  [
    `run ${outcome.runId}: ${outcome.failedCalls} call(s) failed on the workers after every retry:`,
    ...outcome.failures.map((failure) => `  ${failure.calls} × ${failure.message}`),
    `fix the cause, then run what is missing with: yardstick eval --resume ${outcome.runId} --distributed`,
    '',
  ].join('\n');
