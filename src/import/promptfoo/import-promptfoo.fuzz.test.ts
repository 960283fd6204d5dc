// Fuzzes the promptfoo import: random configs give a suite that loads and plans, or one clean, located error,
// never another exception. Replay a failure with YARDSTICK_FUZZ_SEED=<seed> (printed on failure).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { validatePlan } from '../../runner/validate-plan.js';
import { YardstickError } from '../../spec/errors.js';
import { loadSuiteText } from '../../suite/load-suite.js';
import {
  arbitraryPromptfooProject,
  type PromptfooProject,
} from '../../testing/arbitrary-promptfoo-project.js';
import { fuzzSeed } from '../../testing/fuzz-seed.js';
import { importPromptfoo } from './import-promptfoo.js';
import { adapterPlacer } from './write-adapters.js';
import { writeSuiteYaml } from './write-suite-yaml.js';

const seed = fuzzSeed(20_261_130);
const runs = Number(process.env.YARDSTICK_FUZZ_RUNS ?? 200);
const root = mkdtempSync(path.join(tmpdir(), 'yardstick-import-fuzz-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let count = 0;
const writeProject = (project: PromptfooProject): string => {
  const dir = path.join(root, String(count++));
  mkdirSync(dir);
  for (const [name, content] of Object.entries(project.files)) writeFileSync(path.join(dir, name), content);
  return path.join(dir, 'promptfooconfig.yaml');
};

const located = /^[^\n]+:\d+:\d+ /;

type Outcome = 'suite' | 'no prompt, model or test' | 'malformed';

const importOutcome = async (configPath: string): Promise<Outcome> => {
  const dir = path.dirname(configPath);
  let text: string;
  let empty: boolean;
  try {
    const result = await importPromptfoo({
      configPath,
      suiteDir: dir,
      placeAdapter: adapterPlacer(dir, dir),
    });
    for (const note of result.notes) expect(note.line).toBeGreaterThanOrEqual(1);
    text = writeSuiteYaml(result, configPath, dir);
    empty = [result.suite.prompts, result.suite.models, result.suite.tests].some((list) => list.length === 0);
  } catch (error) {
    if (!(error instanceof YardstickError) || error.code !== 'E_SUITE_INVALID') throw error;
    expect(error.message).toMatch(located);
    return 'malformed';
  }
  try {
    validatePlan(await loadSuiteText(path.join(dir, 'suite.yaml'), text));
  } catch (error) {
    // a suite with nothing to run is refused by the loader, cleanly; any other refusal is the import's bug
    if (empty && error instanceof YardstickError && error.code === 'E_SUITE_INVALID')
      return 'no prompt, model or test';
    throw new Error(`the imported suite does not load: ${String(error)}\n--- suite ---\n${text}`);
  }
  return 'suite';
};

describe('importing random promptfoo configs', () => {
  it(`gives a suite that loads and plans, or a located error (seed ${seed}, ${runs} runs)`, async () => {
    const seen = new Map<Outcome, number>();
    await fc.assert(
      fc.asyncProperty(arbitraryPromptfooProject, async (project) => {
        const outcome = await importOutcome(writeProject(project));
        seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
      }),
      { seed, numRuns: runs },
    );
    // the generator must reach every outcome, or the property says little
    expect(seen.get('suite') ?? 0).toBeGreaterThan(runs / 10);
    expect(seen.get('malformed') ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
