// The options a run was started with, stored with the run so `--resume` continues it exactly.
import { z } from 'zod';
import { YardstickError } from '../spec/errors.js';
import { limits } from '../spec/limits.js';

export const runSettingsSchema = z.object({
  models: z.array(z.string()),
  /** Repeats of every case; with `repeatAuto`, the most repeats of any case. */
  repeat: z.number().int().min(1).max(limits.maxRepeat),
  /** Repeat only the cases whose outcome is still uncertain (see auto-repeat.ts). */
  repeatAuto: z.boolean().default(false),
  concurrency: z.number().int().min(1).max(limits.maxConcurrency),
});

export type RunSettings = z.infer<typeof runSettingsSchema>;

export const parseRunSettings = (value: unknown, runId: string): RunSettings => {
  const parsed = runSettingsSchema.safeParse(value);
  if (!parsed.success) {
    throw new YardstickError(
      'E_CONFIG',
      `run ${runId} was stored by another yardstick version and cannot be resumed; start a new run`,
    );
  }
  return parsed.data;
};
