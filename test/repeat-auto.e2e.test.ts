// End to end: `--repeat auto` reports the same pass rate as a fixed `--repeat` would, without the upward
// pull of stopping a case early (issue 9, row A).
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, runCli } from './helpers/run-cli.js';

const cases = 400;
const truth = 0.8;

/**
 * A model that passes each call with probability 0.8: the k-th call on case n takes the k-th number of
 * case n's own seeded stream (mulberry32), so a fixed run and an auto run see the same calls, in order.
 * `function:` models run on several worker threads, so the call count lives in files (claimed with an
 * exclusive create), not in a module variable that each thread would hold its own copy of.
 */
const flakyModel = `
import { closeSync, mkdirSync, openSync } from 'node:fs';
const dir = new URL('./calls/', import.meta.url);
mkdirSync(dir, { recursive: true });
const claim = (n) => {
  for (let k = 0; ; k++) {
    try {
      closeSync(openSync(new URL(n + '-' + k, dir), 'wx'));
      return k;
    } catch {}
  }
};
const stream = (seed) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
export default async ({ vars }) => {
  const n = Number(vars.n);
  const k = claim(n);
  const next = stream(1000 + n * 7919);
  let u = 0;
  for (let i = 0; i <= k; i++) u = next();
  return u < ${truth} ? 'pass' : 'fail';
};
`;

const suite = () => {
  const tests = Array.from(
    { length: cases },
    (_, n) => `  - id: case-${n}\n    vars: { n: ${n} }\n    assert: [ { type: equals, value: "pass" } ]`,
  ).join('\n');
  return `name: auto\nprompts: ["{{n}}"]\nmodels:\n  - id: function:./model.js\n    label: coin\ntests:\n${tests}\n`;
};

describe('--repeat auto', () => {
  it('row A: a model passing each call with p = 0.8 is reported near 0.8, as a fixed --repeat 10 reports it', async () => {
    const cwd = makeProject({ 'suite.yaml': suite(), 'model.js': flakyModel });
    const summaryOf = async (repeat: string) => {
      rmSync(path.join(cwd, 'calls'), { recursive: true, force: true });
      const result = await runCli(
        ['eval', 'suite.yaml', '--repeat', repeat, '--threshold', '0', '-o', 'run.json'],
        {
          cwd,
        },
      );
      expect(result.code).toBe(0);
      return JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8')) as {
        summary: Array<{ passRate: number; passRateCi95: [number, number]; results: number }>;
        repeats?: { savedCalls: number };
      };
    };
    const auto = await summaryOf('auto');
    const fixed = await summaryOf('10');
    const [autoRow] = auto.summary;
    const [fixedRow] = fixed.summary;
    // one run's auto estimate has a standard error of about 0.009 here; passes/runs would give about 0.85
    expect(Math.abs((autoRow?.passRate ?? 0) - truth)).toBeLessThan(0.03);
    expect(Math.abs((autoRow?.passRate ?? 0) - (fixedRow?.passRate ?? 0))).toBeLessThan(0.03);
    expect(autoRow?.passRateCi95[0]).toBeLessThan(truth);
    expect(autoRow?.passRateCi95[1]).toBeGreaterThan(truth);
    // and it still saves calls: about 28% at p = 0.8
    expect(auto.repeats?.savedCalls).toBeGreaterThan(0.2 * cases * 10);
    expect(fixedRow?.results).toBe(cases * 10);
  }, 60_000);
});
