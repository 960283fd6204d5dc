// The baseline file (`yardstick baseline save`): one model's case outcomes, compact and one case per line,
// so it can be committed and reviewed, and CI can compare against it without the database.
import { z } from 'zod';
import type { CaseOutcome, ComparisonSide } from '../../scorecard/comparison-side.js';
import { sidePassRate } from '../../scorecard/side-pass-rate.js';

export const baselineFileSchema = z.object({
  yardstick: z.literal('baseline'),
  version: z.literal(1),
  suite: z.string(),
  run: z.string(),
  model: z.string(),
  savedAt: z.string(),
  passRate: z.number(),
  /** Written when the run used `--repeat auto`, so each case is scored as that run's summary scored it. */
  autoRepeat: z.object({ maxRepeats: z.number().int().min(1) }).optional(),
  cases: z.array(
    z.object({ prompt: z.string(), case: z.string(), repeat: z.number().int().min(0), pass: z.boolean() }),
  ),
});

export type BaselineFile = z.infer<typeof baselineFileSchema>;

export const toBaselineFile = (side: ComparisonSide, suite: string, savedAt = new Date()): BaselineFile => {
  return {
    yardstick: 'baseline',
    version: 1,
    suite,
    run: side.runId ?? '',
    model: side.model,
    savedAt: savedAt.toISOString(),
    passRate: sidePassRate(side),
    ...(side.autoRepeat ? { autoRepeat: { maxRepeats: side.autoRepeat.maxRepeats } } : {}),
    cases: [...side.outcomes]
      .sort(
        (a, b) => a.prompt.localeCompare(b.prompt) || a.caseId.localeCompare(b.caseId) || a.repeat - b.repeat,
      )
      .map((outcome) => ({
        prompt: outcome.prompt,
        case: outcome.caseId,
        repeat: outcome.repeat,
        pass: outcome.pass,
      })),
  };
};

/** JSON with one case per line: a model change shows in review as the lines of the cases that flipped. */
export const formatBaselineFile = (file: BaselineFile): string => {
  const { cases, ...header } = file;
  const head = JSON.stringify(header, null, 2).replace(/\n}$/, '');
  const lines = cases.map((item) => `    ${JSON.stringify(item)}`);
  return `${head},\n  "cases": [\n${lines.join(',\n')}\n  ]\n}\n`;
};

export const fromBaselineFile = (file: BaselineFile, label: string): ComparisonSide => ({
  label,
  runId: file.run || null,
  model: file.model,
  ...(file.autoRepeat ? { autoRepeat: file.autoRepeat } : {}),
  outcomes: file.cases.map(
    (item): CaseOutcome => ({
      prompt: item.prompt,
      caseId: item.case,
      repeat: item.repeat,
      pass: item.pass,
      output: '',
      reasons: [],
    }),
  ),
});
