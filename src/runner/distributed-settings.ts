// What a distributed run stores beside its run settings so that workers on other machines can run its calls.
import path from 'node:path';
import { z } from 'zod';
import { YardstickError } from '../spec/errors.js';

export const distributedSettingsSchema = z.object({
  /** The suite file relative to the coordinator's working folder: every worker runs from a checkout of the same repo. */
  suitePath: z.string().min(1),
  /** Whether workers may answer from their response cache (`--no-cache` on the coordinator turns it off). */
  cache: z.boolean(),
  /** Seconds a worker may hold a call before another worker is given it. */
  visibilityTimeoutSeconds: z.number().int().min(1),
});

export type DistributedSettings = z.infer<typeof distributedSettingsSchema>;

/** The settings stored under `distributed` in a run's config; an error naming the run when they are missing. */
export const readDistributedSettings = (config: unknown, runId: string): DistributedSettings => {
  const parsed = z.object({ distributed: distributedSettingsSchema }).safeParse(config);
  if (!parsed.success) {
    throw new YardstickError(
      'E_CONFIG',
      `run ${runId} was not started with --distributed (or by another yardstick version), so workers cannot run it; resume it with \`yardstick eval --resume ${runId}\``,
    );
  }
  return parsed.data.distributed;
};

/** The suite path as workers should see it: relative to the folder the coordinator runs in, with `/` separators. */
export const portableSuitePath = (suiteFile: string, cwd: string): string =>
  path.relative(cwd, suiteFile).split(path.sep).join('/');
