// End to end: compare's test, interval and gate agree, with and without repeats (issue 9, rows B, B′ and C).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, runCli } from './helpers/run-cli.js';
import { outcomes, writeRunFile } from './helpers/run-file.js';

const compare = async (
  groups: { baseline: Parameters<typeof writeRunFile>[3]; candidate: Parameters<typeof writeRunFile>[3] },
  extra: string[] = [],
) => {
  const cwd = makeProject({});
  writeRunFile(cwd, 'base.json', 'base', groups.baseline);
  writeRunFile(cwd, 'cand.json', 'cand', groups.candidate);
  const result = await runCli(['compare', 'base.json', 'cand.json', '-o', 'compare.json', ...extra], { cwd });
  const json = result.code === 2 ? null : JSON.parse(readFileSync(path.join(cwd, 'compare.json'), 'utf8'));
  return { ...result, json };
};

describe('compare decides with one coherent procedure', () => {
  it('row C: without repeats, 5 regressed and 0 fixed of 20 is credibly worse, and the interval says the same', async () => {
    const result = await compare({
      baseline: [{ count: 20, repeats: [true] }],
      candidate: [
        { count: 5, repeats: [false] },
        { count: 15, repeats: [true] },
      ],
    });
    // Tango's score statistic at zero is (0 − 5)/√5 = −2.236: one-sided p = 0.0127, below 0.025
    expect(result.code).toBe(1);
    expect(result.json).toMatchObject({
      pairs: 20,
      regressed: 5,
      fixed: 0,
      method: 'tango-score',
      decision: 'fail',
      gate: { rule: 'default', maxDrop: 0, fired: true },
    });
    expect(result.json.pWorse).toBeCloseTo(0.012674, 5);
    expect(result.json.diffCi95[1]).toBeLessThan(0);
    // the exact two-sided McNemar p stays in the file for runs without repeats: 2/2^5
    expect(result.json.mcnemarP).toBeCloseTo(0.0625, 12);
    expect(result.stdout).toMatch(/fail: .*Tango score interval.*one-sided p = 0\.013/);
    expect(result.stdout).not.toContain('not significant');
  });

  it('row B: with repeats, 30 cases going from 4/4 to 2/4 fail the default gate', async () => {
    const result = await compare({
      baseline: [{ count: 30, repeats: outcomes(4, 4) }],
      candidate: [{ count: 30, repeats: outcomes(2, 4) }],
    });
    expect(result.code).toBe(1);
    expect(result.json).toMatchObject({
      pairs: 30,
      repeats: true,
      regressed: 30,
      fixed: 0,
      method: 'adjusted-paired-t',
      mcnemarP: null,
      decision: 'fail',
      gate: { rule: 'default', maxDrop: 0, fired: true },
    });
    expect(result.json.diff).toBeCloseTo(-0.5, 12);
    // every case dropped by the same half: the interval is wide enough to be honest, and wholly below zero
    expect(result.json.diffCi95[0]).toBeLessThan(-0.5);
    expect(result.json.diffCi95[1]).toBeLessThan(-0.3);
    expect(result.json.pWorse).toBeLessThan(0.001);
    expect(result.stdout).toMatch(/fail: .*adjusted paired t on per-case pass fractions/);
  });

  it('row B′: with repeats, regressions and fixes follow the direction of the pass fractions', async () => {
    const result = await compare({
      baseline: [
        { count: 20, repeats: outcomes(4, 4) },
        { count: 10, repeats: outcomes(1, 4) },
      ],
      candidate: [
        { count: 20, repeats: outcomes(2, 4) },
        { count: 10, repeats: outcomes(2, 4) },
      ],
    });
    expect(result.stdout).not.toMatch(/\b0 regressed, 10 fixed/);
    expect(result.stdout).toContain('30 paired cases (pass fraction over repeats): 20 regressed, 10 fixed');
    expect(result.json).toMatchObject({ regressed: 20, fixed: 10, unchanged: 0, decision: 'fail' });
    // (20 × −0.5 + 10 × 0.25) / 30
    expect(result.json.diff).toBeCloseTo(-0.25, 12);
    expect(result.json.diffCi95[1]).toBeLessThan(0);
    expect(result.code).toBe(1);
  });

  it('row B′: fixes alone never make a drop credible', async () => {
    const result = await compare({
      baseline: [
        { count: 20, repeats: outcomes(1, 4) },
        { count: 10, repeats: outcomes(4, 4) },
      ],
      candidate: [
        { count: 20, repeats: outcomes(2, 4) },
        { count: 10, repeats: outcomes(4, 4) },
      ],
    });
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ regressed: 0, fixed: 20, stillPassing: 10, decision: 'pass' });
    expect(result.json.pWorse).toBeGreaterThan(0.5);
    expect(result.json.diffCi95[0]).toBeGreaterThan(0);
  });

  it('says the interval is unreliable below 10 cases with repeats', async () => {
    const result = await compare({
      baseline: [{ count: 6, repeats: outcomes(3, 3) }],
      candidate: [{ count: 6, repeats: outcomes(2, 3) }],
    });
    expect(result.json.warnings).toEqual([expect.stringContaining('fewer than 10 cases')]);
    expect(result.stdout).toContain('fewer than 10 cases');
  });

  it('non-inferiority passes only when the lower end is at or above −max-drop, and says which rule fired', async () => {
    const groups = {
      baseline: [{ count: 400, repeats: [true] }],
      candidate: [
        { count: 2, repeats: [false] },
        { count: 398, repeats: [true] },
      ],
    };
    const strict = await compare(groups, ['--require-non-inferiority', '--max-drop', '0.03']);
    expect(strict.code).toBe(0);
    expect(strict.json.gate).toEqual({ rule: 'non-inferiority', maxDrop: 0.03, fired: false });
    expect(strict.json.diffCi95[0]).toBeGreaterThanOrEqual(-0.03);
    const stricter = await compare(groups, ['--require-non-inferiority', '--max-drop', '0.005']);
    expect(stricter.code).toBe(1);
    expect(stricter.json.gate).toEqual({ rule: 'non-inferiority', maxDrop: 0.005, fired: true });
    expect(stricter.stdout).toMatch(/fail: .*non-inferiority/);
  });
});
