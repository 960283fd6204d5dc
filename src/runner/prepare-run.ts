// Creates a run or takes up an interrupted one, the same way for a local and a distributed run: the record in the
// store, the results it already has, the planned total, and the 'start' event the progress shows.
import { randomBytes } from 'node:crypto';
import type { RunStore } from '../store/contract/run-store.js';
import type { Suite } from '../suite/suite-types.js';
import { plannedCount } from './plan.js';
import type { RunEvent } from './run-events.js';
import { assertNotOwnedElsewhere } from './run-ownership.js';
import type { RunSettings } from './run-settings.js';

/** A run id that sorts by start time: `YYYYMMDD-HHMMSS-xxxx`. */
export const newRunId = (date = new Date()): string => {
  const stamp = date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
};

export interface PrepareRunOptions {
  suite: Suite;
  runs: RunStore;
  settings: RunSettings;
  /** Stored as the run's config: the settings, plus anything a resume or a worker needs. */
  config: unknown;
  resumeRunId: string | undefined;
  /** The models that can run now (a local run leaves out those without a key). */
  runnable: string[];
}

export interface PreparedRun {
  runId: string;
  /** Planned calls per model. */
  perModel: number;
  /** key (see `resultKey`) → passed, for every stored result. */
  done: Map<string, boolean>;
  doneByModel: Map<string, number>;
  start: Extract<RunEvent, { type: 'start' }>;
}

export const prepareRun = async (options: PrepareRunOptions): Promise<PreparedRun> => {
  const { suite, runs, settings, runnable } = options;
  const runId = options.resumeRunId ?? newRunId();
  const perModel = plannedCount(suite, suite.models.slice(0, 1), settings.repeat);
  if (options.resumeRunId) {
    const existing = await runs.getRun(runId);
    if (existing) assertNotOwnedElsewhere(existing);
    await runs.clearSkippedModels(runId);
    await runs.markRunning(runId);
  } else {
    await runs.createRun({
      id: runId,
      suiteName: suite.name,
      suitePath: suite.filePath,
      suiteHash: suite.hash,
      startedAt: new Date().toISOString(),
      config: options.config,
      // what this run will attempt: models skipped for a missing key are not part of it
      totalPlanned: perModel * runnable.length,
    });
  }
  const done = await runs.completedResults(runId);
  const doneByModel = new Map<string, number>();
  for (const key of done.keys()) {
    const model = key.split('\u0000')[1] ?? '';
    doneByModel.set(model, (doneByModel.get(model) ?? 0) + 1);
  }
  if (options.resumeRunId) {
    // models that can run now, plus those skipped now that already have results from before
    const counted = new Set([...runnable, ...doneByModel.keys()]);
    await runs.setTotalPlanned(runId, perModel * counted.size);
  }
  return {
    runId,
    perModel,
    done,
    doneByModel,
    start: {
      type: 'start',
      runId,
      resumed: options.resumeRunId !== undefined,
      total: perModel * runnable.length,
      alreadyDone: runnable.reduce((sum, key) => sum + (doneByModel.get(key) ?? 0), 0),
      models: runnable,
      ...(settings.repeatAuto ? { maxRepeats: settings.repeat } : {}),
    },
  };
};
