// End to end: `--threshold` judges each model, the recommendation agrees with the exit code, and cost is
// named per call and per case (issue 9, rows F, G and I).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeProject, runCli } from './helpers/run-cli.js';

const cases = 43;
/** A function model answering "answer N" except for the numbers `wrong` picks, and reporting its cost. */
const model = (wrong: string, costUsd = 0) =>
  `export default async ({ vars }) => ({ output: (${wrong})(Number(vars.n)) ? 'no idea' : \`answer \${vars.n}\`, costUsd: ${costUsd} });\n`;

const suite = (models: string[]) => {
  const tests = Array.from(
    { length: cases },
    (_, n) =>
      `  - id: case-${n}\n    vars: { n: ${n} }\n    assert: [ { type: equals, value: "answer ${n}" } ]`,
  ).join('\n');
  const entries = models.map((name) => `  - id: function:./${name}.js\n    label: ${name}\n`).join('');
  return `name: threshold\nprompts: ["number {{n}}"]\nmodels:\n${entries}tests:\n${tests}\n`;
};

describe('--threshold per model', () => {
  it('row F: a weak model cannot hide behind strong ones: oracle 100%, good 95.3%, tiny 53.5% at 0.8 exits 1', async () => {
    const cwd = makeProject({
      'suite.yaml': suite(['oracle', 'good', 'tiny']),
      'oracle.js': model('() => false'),
      'good.js': model('(n) => n === 3 || n === 7'),
      // passes cases 0..22 of 43: 53.5%
      'tiny.js': model('(n) => n >= 23'),
    });
    const result = await runCli(['eval', 'suite.yaml', '--threshold', '0.8', '-o', 'run.json'], { cwd });
    // pooled over the models the pass rate is 107/129 = 82.9%, above the bar: each model must clear it
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/model\s+pass rate\s+95% CI\s+≥ 80\.0%/);
    expect(result.stdout).toMatch(/oracle\s+100\.0%\s+\S+\s+yes/);
    expect(result.stdout).toMatch(/tiny\s+53\.5%\s+\S+\s+no/);
    const report = JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8'));
    expect(
      report.summary.map((row: { model: string; meetsThreshold: boolean }) => row.meetsThreshold),
    ).toEqual([true, true, false]);
    expect(report.threshold).toBe(0.8);
    expect(report.recommendation).toMatchObject({ model: 'oracle', credible: true });
    expect(report.recommendation.reason).toContain('below 80.0%: tiny (53.5%)');

    const lenient = await runCli(['eval', 'suite.yaml', '--threshold', '0.5'], { cwd });
    expect(lenient.code).toBe(0);
  });

  it('row G: names cost per 1,000 calls and per 1,000 cases, which differ threefold with --repeat 3', async () => {
    const cwd = makeProject({ 'suite.yaml': suite(['priced']), 'priced.js': model('() => false', 0.002) });
    const result = await runCli(
      ['eval', 'suite.yaml', '--repeat', '3', '--volume', '1000/day', '--threshold', '0.9', '-o', 'run.json'],
      { cwd },
    );
    expect(result.code).toBe(0);
    const [row] = JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8')).summary;
    expect(row.costPer1kCallsUsd).toBeCloseTo(2, 10);
    expect(row.costPer1kCasesUsd).toBeCloseTo(6, 10);
    // the old name stays, for one release, as the per-call figure
    expect(row.costPer1kUsd).toBeCloseTo(2, 10);
    expect(result.stdout).toMatch(/cost\/1k calls/);
    // 1,000 calls a day at $0.002 a call
    expect(row.projected.perDayUsd).toBeCloseTo(2, 10);
    expect(result.stdout).toContain('cost at 1000/day, projected per call:');
    expect(result.stdout).toMatch(/recommendation: .*per 1,000 calls/);
  });

  it('row I: the example exits 0 at --threshold 0.9 and its recommendation says why it is not credible, not "no model"', async () => {
    const suitePath = fileURLToPath(new URL('../examples/flight-faq/suite.yaml', import.meta.url));
    const cwd = makeProject({});
    const result = await runCli(['eval', suitePath, '--threshold', '0.9'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('no model is');
    expect(result.stdout).toContain(
      'recommendation: baseline reaches 90.0% on these 28 cases (92.9%) but not credibly: its 95% interval starts at 77.4%; ' +
        'about 424 cases at this pass rate would make it credible',
    );
  });
});
