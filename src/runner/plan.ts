// The plan of a run: every (prompt, model, test, repeat) combination, produced lazily so memory stays flat.
import type { ModelConfig } from '../spec/model-config.js';
import type { Prompt, Suite, TestCase } from '../suite/suite-types.js';

export interface PlannedCall {
  prompt: Prompt;
  model: ModelConfig;
  /** The name results are stored and reported under: the label, else the id. */
  modelKey: string;
  test: TestCase;
  repeat: number;
}

export const modelKeyOf = (model: ModelConfig): string => model.label ?? model.id;

export const planKey = (promptId: string, modelKey: string, testId: string, repeat: number): string =>
  `${promptId}\u0000${modelKey}\u0000${testId}\u0000${repeat}`;

export const plannedCount = (suite: Suite, models: ModelConfig[], repeat: number): number =>
  suite.prompts.length * models.length * suite.tests.length * repeat;

/** Tests outermost and models innermost, so every model advances at the same pace and per-model limits overlap. */
export function* planCalls(suite: Suite, models: ModelConfig[], repeat: number): Generator<PlannedCall> {
  for (let round = 0; round < repeat; round += 1) yield* planRound(suite, models, round);
}

/** One repeat of every case, or, with `keep`, of the cases it keeps (`--repeat auto`). */
export function* planRound(
  suite: Suite,
  models: ModelConfig[],
  round: number,
  keep?: (promptId: string, modelKey: string, testId: string) => boolean,
): Generator<PlannedCall> {
  for (const test of suite.tests) {
    for (const prompt of suite.prompts) {
      for (const model of models) {
        const modelKey = modelKeyOf(model);
        if (keep && !keep(prompt.id, modelKey, test.id)) continue;
        yield { prompt, model, modelKey, test, repeat: round };
      }
    }
  }
}
