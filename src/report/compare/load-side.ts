// Loads one side of a comparison: `<run-id>`, `<run-id>@<model>` from the store, or a run JSON file (`--output run.json`).
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  type CaseOutcome,
  type ComparisonSide,
  outputExcerptLength,
} from '../../scorecard/comparison-side.js';
import { YardstickError } from '../../spec/errors.js';
import type { RunStore } from '../../store/contract/run-store.js';
import { storeReportSource } from '../store-report-source.js';
import { baselineFileSchema, fromBaselineFile } from './baseline-file.js';

const resultSchema = z.object({
  caseId: z.string(),
  model: z.string(),
  prompt: z.string(),
  repeat: z.number().int().min(0),
  pass: z.boolean(),
  output: z.string().nullable().optional(),
  error: z.object({ code: z.string(), message: z.string().nullable() }).nullable().optional(),
  assertions: z
    .array(
      z.object({ type: z.string(), label: z.string().optional(), pass: z.boolean(), reason: z.string() }),
    )
    .optional(),
});
const runFileSchema = z.object({
  run: z.object({ id: z.string() }),
  /** Present when the run used `--repeat auto`; its cases are then scored by the unbiased estimate. */
  repeats: z.looseObject({ mode: z.literal('auto'), maxRepeats: z.number().int().min(1) }).optional(),
  results: z.array(resultSchema),
});

type FileResult = z.infer<typeof resultSchema>;

const reasonsOf = (result: FileResult): string[] => {
  if (result.error) return [`error ${result.error.code}: ${result.error.message ?? ''}`];
  return (result.assertions ?? [])
    .filter((assertion) => !assertion.pass)
    .map((assertion) => `${assertion.label ?? assertion.type}: ${assertion.reason}`);
};

/** The one model of a side, or the one the user named; several without a name is a mistake to explain. */
const pickModel = (models: string[], wanted: string | undefined, label: string): string => {
  if (wanted !== undefined) {
    if (!models.includes(wanted)) {
      throw new YardstickError(
        'E_CONFIG',
        `${label}: no model "${wanted}" in it; it has ${models.join(', ') || 'no results'}`,
      );
    }
    return wanted;
  }
  const [only, ...others] = models;
  if (only === undefined) throw new YardstickError('E_CONFIG', `${label}: it has no results to compare`);
  if (others.length > 0) {
    throw new YardstickError(
      'E_CONFIG',
      `${label} has ${models.length} models; name one as ${label.split('@')[0]}@<model>, one of: ${models.join(', ')}`,
    );
  }
  return only;
};

export interface OpenedSide {
  label: string;
  runId: string;
  /** The models it has results for. */
  models: string[];
  /** The side for one model; `undefined` picks the only one and explains when there are several. */
  side(model: string | undefined): Promise<ComparisonSide>;
}

const openFile = (file: string, label: string): OpenedSide => {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new YardstickError('E_CONFIG', `${file}: not a readable JSON file (${(error as Error).message})`);
  }
  const baseline = baselineFileSchema.safeParse(raw);
  if (baseline.success) {
    return {
      label,
      runId: baseline.data.run,
      models: [baseline.data.model],
      side: async (wanted) => {
        pickModel([baseline.data.model], wanted, label);
        return fromBaselineFile(baseline.data, label);
      },
    };
  }
  const parsed = runFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    throw new YardstickError(
      'E_CONFIG',
      `${file}: not a yardstick run or baseline file (${where}: ${issue?.message ?? 'invalid'}); write one with \`yardstick eval --output run.json\` or \`yardstick baseline save\``,
    );
  }
  const { results, repeats } = parsed.data;
  const autoRepeat = repeats ? { autoRepeat: { maxRepeats: repeats.maxRepeats } } : {};
  const models = [...new Set(results.map((result) => result.model))];
  return {
    label,
    runId: parsed.data.run.id,
    models,
    async side(wanted) {
      const model = pickModel(models, wanted, label);
      const outcomes: CaseOutcome[] = results
        .filter((result) => result.model === model)
        .map((result) => ({
          prompt: result.prompt,
          caseId: result.caseId,
          repeat: result.repeat,
          pass: result.pass && !result.error,
          output: (result.output ?? '').slice(0, outputExcerptLength),
          reasons: reasonsOf(result),
        }));
      return { label, runId: parsed.data.run.id, model, outcomes, ...autoRepeat };
    },
  };
};

/** A run in the store, never a file: what `yardstick ui` uses, so no path from a request reaches the disk. */
export const openRun = async (store: RunStore, runId: string, label: string): Promise<OpenedSide> => {
  if (!(await store.getRun(runId))) {
    throw new YardstickError(
      'E_CONFIG',
      `${label}: no run "${runId}" in the store and no such file; \`yardstick runs\` lists runs`,
    );
  }
  const source = await storeReportSource(store, runId);
  const modelSet = new Set<string>();
  for await (const result of source.results()) modelSet.add(result.modelId);
  const models = [...modelSet];
  return {
    label,
    runId,
    models,
    async side(wanted) {
      const model = pickModel(models, wanted, label);
      const outcomes: CaseOutcome[] = [];
      for await (const result of source.results()) {
        if (result.modelId !== model) continue;
        const failed = result.pass
          ? []
          : (await result.assertions()).filter((outcome) => !outcome.pass && !outcome.skipped);
        outcomes.push({
          prompt: result.promptId,
          caseId: result.testId,
          repeat: result.repeat,
          pass: result.pass && result.errorCode === null,
          output: result.output.slice(0, outputExcerptLength),
          reasons:
            result.errorCode !== null
              ? [`error ${result.errorCode}: ${result.errorMessage ?? ''}`]
              : failed.map((outcome) => `${outcome.label ?? outcome.type}: ${outcome.reason}`),
        });
      }
      return {
        label,
        runId,
        model,
        outcomes,
        ...(source.autoRepeat ? { autoRepeat: source.autoRepeat } : {}),
      };
    },
  };
};

/** Splits `<source>@<model>`: a file's model follows `.json@`, a run's follows the first `@`. */
const splitSpec = (spec: string): { source: string; model: string | undefined; isFile: boolean } => {
  const fileAt = spec.lastIndexOf('.json@');
  if (fileAt >= 0) return { source: spec.slice(0, fileAt + 5), model: spec.slice(fileAt + 6), isFile: true };
  if (spec.endsWith('.json') || existsSync(spec)) return { source: spec, model: undefined, isFile: true };
  const at = spec.indexOf('@');
  return at < 0
    ? { source: spec, model: undefined, isFile: false }
    : { source: spec.slice(0, at), model: spec.slice(at + 1), isFile: false };
};

/** A run or a run file, before choosing the model: `spec` may name one, which `side()` then uses by default. */
export const openSide = async (
  spec: string,
  store: () => Promise<RunStore>,
): Promise<OpenedSide & { model: string | undefined }> => {
  const { source, model, isFile } = splitSpec(spec);
  const opened = isFile ? openFile(source, spec) : await openRun(await store(), source, spec);
  return { ...opened, model };
};

/** `run.json` (or `run.json@<model>`) is a results file; `<run-id>` and `<run-id>@<model>` are runs in the store. */
export const loadSide = async (spec: string, store: () => Promise<RunStore>): Promise<ComparisonSide> => {
  const opened = await openSide(spec, store);
  return opened.side(opened.model);
};
