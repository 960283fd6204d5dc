// Fuzzes the suite loader: mutated suites and test files give a loaded suite or one clean, located suite error,
// never another exception or a hang. Replay a failure with YARDSTICK_FUZZ_SEED=<seed> (printed on failure).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { validatePlan } from '../runner/validate-plan.js';
import { YardstickError } from '../spec/errors.js';
import { arbitrarySuiteProject, type SuiteProject } from '../testing/arbitrary-suite-project.js';
import { fuzzSeed } from '../testing/fuzz-seed.js';
import { loadSuite } from './load-suite.js';

const seed = fuzzSeed(20_261_129);
const runs = Number(process.env.YARDSTICK_FUZZ_RUNS ?? 300);
/** Longest a load may take before it counts as a hang; an ordinary one takes milliseconds. */
const hangMs = 10_000;

const root = mkdtempSync(path.join(tmpdir(), 'yardstick-fuzz-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let projects = 0;
const writeProject = (project: SuiteProject): string => {
  const dir = path.join(root, String(projects++));
  mkdirSync(dir);
  for (const [name, content] of Object.entries(project.files)) writeFileSync(path.join(dir, name), content);
  return path.join(dir, project.suiteFile);
};

/** `file:line` or `file:line:col` starts the first line of every located problem. */
const located = /^[^\n]+:\d+(:\d+)? /;

type LoadOutcome = { loaded: true } | { loaded: false; code: string; message: string };

/** Loads and plans a suite; anything but a suite or a clean suite/config error is thrown to fail the property. */
const loadOutcome = async (suitePath: string): Promise<LoadOutcome> => {
  try {
    validatePlan(await loadSuite(suitePath));
    return { loaded: true };
  } catch (error) {
    if (!(error instanceof YardstickError)) throw error;
    return { loaded: false, code: error.code, message: error.message };
  }
};

describe(`the suite loader under fuzzed input (seed ${seed})`, () => {
  it(`loads or refuses ${runs} mutated suites cleanly, with file:line`, async () => {
    const outcomes = { loaded: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(arbitrarySuiteProject, async (project) => {
        const started = performance.now();
        const outcome = await loadOutcome(writeProject(project));
        expect(performance.now() - started).toBeLessThan(hangMs);
        if (outcome.loaded) {
          outcomes.loaded += 1;
          return;
        }
        outcomes.refused += 1;
        expect(['E_SUITE_INVALID', 'E_CONFIG']).toContain(outcome.code);
        expect(outcome.message).toMatch(located);
      }),
      { seed, numRuns: runs, endOnFailure: true },
    );
    // the generator must reach both sides, or the property proves little
    expect(outcomes.loaded).toBeGreaterThan(runs / 20);
    expect(outcomes.refused).toBeGreaterThan(runs / 4);
  }, 120_000);
});
