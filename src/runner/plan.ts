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
  for (let round = 0; round < repeat; round += 1) {
    for (const test of suite.tests) {
      for (const prompt of suite.prompts) {
        for (const model of models) {
          yield { prompt, model, modelKey: modelKeyOf(model), test, repeat: round };
        }
      }
    }
  }
}
