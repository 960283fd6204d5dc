// Fuzzes the built CLI with mutated suites (a smaller sample than src/suite/load-suite.fuzz.test.ts): exit 0, 1 or 2,
// never a crash, an "internal error" or a hang. Replay with YARDSTICK_FUZZ_SEED=<seed> (printed on failure).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validatePlan } from '../src/runner/validate-plan.js';
import { YardstickError } from '../src/spec/errors.js';
import { loadSuite } from '../src/suite/load-suite.js';
import { arbitrarySuiteProject } from '../src/testing/arbitrary-suite-project.js';
import { fuzzSeed } from '../src/testing/fuzz-seed.js';
import { type CliResult, makeProject, runCli } from './helpers/run-cli.js';

const seed = fuzzSeed(20_261_129);
const runs = Number(process.env.YARDSTICK_FUZZ_CLI_RUNS ?? 16);
const hangMs = 30_000;
/** Calls and concurrency a loaded suite may plan before the sample skips it: their bounds are other tests' business. */
const maxCalls = 100;
const maxConcurrency = 64;

// The child CLI is not under vitest's network guard: a mutated suite must not reach a real provider either.
const networkGuard = `import net from 'node:net';
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const host = typeof first === 'object' && first !== null ? first.host : typeof args[1] === 'string' ? args[1] : undefined;
  const pipe = typeof first === 'object' && first !== null ? typeof first.path === 'string' : typeof first === 'string';
  if (!pipe && host !== undefined && host !== 'localhost' && !host.startsWith('127.') && host !== '::1')
    throw new Error('the fuzzed CLI tried to reach ' + host);
  return connect.apply(this, args);
};
`;

/** What the loader makes of the suite in process, and how many calls it plans. */
const inProcess = async (suitePath: string): Promise<{ calls: number } | { code: string }> => {
  try {
    const suite = await loadSuite(suitePath);
    validatePlan(suite);
    const repeats = suite.repeat === 'auto' ? suite.maxRepeats : suite.repeat;
    const concurrency = Math.max(
      suite.concurrency,
      ...suite.models.map((model) => model.options?.concurrency ?? 1),
    );
    const calls = suite.tests.length * suite.prompts.length * suite.models.length * repeats;
    return { calls: concurrency > maxConcurrency ? Number.POSITIVE_INFINITY : calls };
  } catch (error) {
    if (error instanceof YardstickError) return { code: error.code };
    throw error;
  }
};

const runWithDeadline = (cwd: string, suiteFile: string): Promise<CliResult & { hung: boolean }> => {
  let hung = false;
  const env = { NODE_OPTIONS: `--import=${pathToFileURL(path.join(cwd, 'no-network.mjs')).href}` };
  return runCli(['eval', suiteFile, '--no-cache'], {
    cwd,
    env,
    onSpawn: (child) => {
      const timer = setTimeout(() => {
        hung = true;
        child.kill('SIGKILL');
      }, hangMs);
      child.on('exit', () => clearTimeout(timer));
    },
  }).then((result) => ({ ...result, hung }));
};

describe(`yardstick eval on fuzzed suites (seed ${seed})`, () => {
  it(`exits 0, 1 or 2 with a clean message on ${runs} mutated projects`, async () => {
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(arbitrarySuiteProject, async (project) => {
        const cwd = makeProject({ 'no-network.mjs': networkGuard });
        for (const [name, content] of Object.entries(project.files))
          writeFileSync(path.join(cwd, name), content);
        const expected = await inProcess(path.join(cwd, project.suiteFile));
        if ('calls' in expected && expected.calls > maxCalls) return;
        ran += 1;
        const result = await runWithDeadline(cwd, project.suiteFile);
        expect(result.hung).toBe(false);
        expect(result.stderr).not.toMatch(/internal error|FATAL|\n\s+at /);
        expect(`${result.stdout}${result.stderr}`).not.toContain('tried to reach');
        expect([0, 1, 2]).toContain(result.code);
        if ('code' in expected) {
          expect(result.code).toBe(2);
          expect(result.stderr).toMatch(/^error \[E_(SUITE_INVALID|CONFIG)\]: [^\n]+:\d+(:\d+)? /m);
        }
      }),
      { seed, numRuns: runs, endOnFailure: true },
    );
    expect(ran).toBeGreaterThan(runs / 2);
  }, 180_000);
});
