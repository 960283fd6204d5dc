// End to end: `yardstick plan` gives the power it promises for compare's test, and never replaces a
// disagreement silently (issue 9, rows E and H).
import { describe, expect, it } from 'vitest';
import { logGamma } from '../src/stats/log-gamma.js';
import { makeProject, runCli } from './helpers/run-cli.js';
import { outcomes, writeRunFile } from './helpers/run-file.js';

const logChoose = (n: number, k: number): number => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/**
 * The chance that compare's default gate finds a drop of `drop` credible with n cases, summed over every
 * table: m discordant cases ~ Bin(n, ψ), of which b regressions ~ Bin(m, (ψ + drop)/2ψ); the gate sees a
 * credible drop when the score statistic (b − c)/√(b + c) exceeds the 97.5% normal quantile.
 */
const exactPower = (n: number, drop: number, discordance: number): number => {
  const z = 1.959963984540054;
  const regress = (discordance + drop) / (2 * discordance);
  let power = 0;
  for (let m = 1; m <= n; m++) {
    const weight = Math.exp(
      logChoose(n, m) + m * Math.log(discordance) + (n - m) * Math.log(1 - discordance),
    );
    for (let b = 0; b <= m; b++) {
      if ((2 * b - m) / Math.sqrt(m) <= z) continue;
      const inner =
        regress === 1
          ? b === m
            ? 1
            : 0
          : Math.exp(logChoose(m, b) + b * Math.log(regress) + (m - b) * Math.log(1 - regress));
      power += weight * inner;
    }
  }
  return power;
};

describe('yardstick plan', () => {
  const cwd = makeProject({});

  it('row E: the planned cases reach 80% exact power for the test compare uses, and one case fewer does not', async () => {
    const result = await runCli(['plan', '--detect', '0.05', '--discordance', '0.1', '--json'], { cwd });
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(exactPower(plan.cases, 0.05, 0.1)).toBeGreaterThanOrEqual(0.8);
    expect(exactPower(plan.cases - 1, 0.05, 0.1)).toBeLessThan(0.8);
    expect(plan).toMatchObject({ cases: 291, detect: 0.05, power: 0.8, discordance: 0.1 });
    expect(plan.achievedPower).toBeCloseTo(exactPower(291, 0.05, 0.1), 9);
  });

  it('row H: refuses a disagreement below the drop to detect, with the reason', async () => {
    for (const discordance of ['0.1', '0.01']) {
      const result = await runCli(['plan', '--detect', '0.3', '--discordance', discordance], { cwd });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `--discordance ${discordance} is below --detect 0.3: a drop of 30.0 points needs the two models to disagree on at least 30.0% of cases`,
      );
    }
    const low = await runCli(['plan', '--detect', '0.05', '--discordance', '0.01'], { cwd });
    expect(low.code).toBe(2);
  });

  it('row H: with --from, raises an observed disagreement below the drop to the drop, and says so', async () => {
    writeRunFile(cwd, 'a.json', 'a', [{ count: 30, repeats: [true] }]);
    writeRunFile(cwd, 'b.json', 'b', [
      { count: 1, repeats: [false] },
      { count: 29, repeats: [true] },
    ]);
    const result = await runCli(['plan', '--detect', '0.05', '--from', 'a.json', '--from', 'b.json'], {
      cwd,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'the two disagreed on 3.3% of 30 cases, less than the 5.0-point drop to detect needs; planning with 5.0%',
    );
    const json = await runCli(
      ['plan', '--detect', '0.05', '--from', 'a.json', '--from', 'b.json', '--json'],
      {
        cwd,
      },
    );
    expect(JSON.parse(json.stdout)).toMatchObject({ discordance: 0.05, observedDiscordance: 1 / 30 });
  });

  it('says when the runs it measures have repeats, since compare then uses another test', async () => {
    writeRunFile(cwd, 'r1.json', 'a', [{ count: 20, repeats: outcomes(3, 3) }]);
    writeRunFile(cwd, 'r2.json', 'b', [
      { count: 4, repeats: outcomes(2, 3) },
      { count: 16, repeats: outcomes(3, 3) },
    ]);
    const result = await runCli(['plan', '--detect', '0.2', '--from', 'r1.json', '--from', 'r2.json'], {
      cwd,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'the two disagreed on 20.0% of 20 cases; the runs have repeats: a case counted as disagreeing when its pass fraction differed',
    );
  });
});
