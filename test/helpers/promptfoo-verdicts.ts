// Verdicts per case for the promptfoo parity test, keyed `test|prompt|model` by position: what a fixture's
// descriptions state, what yardstick's run.json holds, and what promptfoo's JSON output holds.
import type { Suite } from '../../src/suite/suite-types.js';

export type Verdicts = Record<string, 'pass' | 'fail'>;

const key = (test: number, prompt: number, model: number): string => `${test}|${prompt}|${model}`;

const modelNames = (suite: Suite): string[] => suite.models.map((model) => model.label ?? model.id);

/** `pass: …` or `fail: …`; `[name=fail]` overrides it for the model of that name, `[prompt 2=pass]` for a prompt. */
export const expectedVerdicts = (suite: Suite): Verdicts => {
  const names = modelNames(suite);
  const verdicts: Verdicts = {};
  suite.tests.forEach((test, t) => {
    const description = test.description ?? '';
    const base = /^(pass|fail)\b/.exec(description)?.[1];
    if (base !== 'pass' && base !== 'fail') throw new Error(`test ${t} "${description}" states no verdict`);
    const overrides = new Map(
      [...description.matchAll(/\[([^=\]]+)=(pass|fail)\]/g)].map((match) => [match[1], match[2]]),
    );
    suite.prompts.forEach((_, p) => {
      names.forEach((name, m) => {
        const override = overrides.get(name) ?? overrides.get(`prompt ${p + 1}`);
        verdicts[key(t, p, m)] = override === 'pass' || override === 'fail' ? override : base;
      });
    });
  });
  return verdicts;
};

interface RunJson {
  results: Array<{ caseId: string; model: string; prompt: string; pass: boolean }>;
}

export const yardstickVerdicts = (run: RunJson, suite: Suite): Verdicts => {
  const names = modelNames(suite);
  const verdicts: Verdicts = {};
  for (const result of run.results) {
    const t = suite.tests.findIndex((test) => test.id === result.caseId);
    const p = suite.prompts.findIndex((prompt) => prompt.id === result.prompt);
    const m = names.indexOf(result.model);
    verdicts[key(t, p, m)] = result.pass ? 'pass' : 'fail';
  }
  return verdicts;
};

interface PromptfooOutput {
  results: {
    prompts: Array<{ raw: string; provider: string }>;
    results: Array<{ testIdx: number; promptIdx: number; success: boolean }>;
  };
  config: { providers: Array<string | { id: string; label?: string }> };
}

/**
 * promptfoo's columns are prompt × provider; each names its provider (label, else id) and prompt text. The
 * prompt's position is the order in which the column's prompt text first appears.
 */
export const promptfooVerdicts = (output: PromptfooOutput): Verdicts => {
  const providers = output.config.providers.map((provider) =>
    typeof provider === 'string' ? provider : (provider.label ?? provider.id),
  );
  const prompts: string[] = [];
  const columns = output.results.prompts.map((column) => {
    if (!prompts.includes(column.raw)) prompts.push(column.raw);
    return { prompt: prompts.indexOf(column.raw), model: providers.indexOf(column.provider) };
  });
  const verdicts: Verdicts = {};
  for (const result of output.results.results) {
    const column = columns[result.promptIdx];
    if (column === undefined || column.model < 0)
      throw new Error(`promptfoo column ${result.promptIdx} has no provider`);
    verdicts[key(result.testIdx, column.prompt, column.model)] = result.success ? 'pass' : 'fail';
  }
  return verdicts;
};
