// Checks the exact power of compare's paired score test against an independent enumeration (python, scipy) and
// that the planned sample size reaches the promised power (issue 9, row E).
import { describe, expect, it } from 'vitest';
import { mcnemarSampleSize } from './mcnemar-power.js';
import { scoreTestPower, scoreTestSampleSize, stableWindow } from './score-test-power.js';

describe('scoreTestPower', () => {
  it('matches an independent enumeration of every table (python, scipy.stats.binom)', () => {
    const cases: Array<[number, number, number, number]> = [
      [312, 0.05, 0.1, 0.8262239965436267],
      [291, 0.05, 0.1, 0.8007825789357712],
      [290, 0.05, 0.1, 0.7994827386385182],
      [50, 0.1, 0.3, 0.24392117209789468],
      [4, 0.9, 1, 0.81450625],
      [5, 0.9, 1, 0.7737809375],
    ];
    for (const [n, drop, discordance, expected] of cases) {
      expect(scoreTestPower({ n, drop, discordance })).toBeCloseTo(expected, 10);
    }
  });
  it('is about alpha/2 with no true drop', () => {
    expect(scoreTestPower({ n: 400, drop: 0, discordance: 0.2 })).toBeCloseTo(0.02533147323542607, 10);
  });
  it('rejects a drop larger than the disagreement, and bad sizes', () => {
    expect(() => scoreTestPower({ n: 100, drop: 0.3, discordance: 0.1 })).toThrow(/a drop of d needs/);
    expect(() => scoreTestPower({ n: 1.5, drop: 0.05, discordance: 0.1 })).toThrow(RangeError);
  });
});

describe('scoreTestSampleSize', () => {
  it("row E: δ 0.05, ψ 0.1 plans 291 cases, the smallest with 80% exact power (Connor's 312 is a guess)", () => {
    const n = scoreTestSampleSize({ drop: 0.05, discordance: 0.1 });
    expect(n).toBe(291);
    expect(scoreTestPower({ n, drop: 0.05, discordance: 0.1 })).toBeGreaterThanOrEqual(0.8);
    expect(scoreTestPower({ n: n - 1, drop: 0.05, discordance: 0.1 })).toBeLessThan(0.8);
    expect(mcnemarSampleSize({ delta: 0.05, discordance: 0.1 })).toBe(312);
  });
  it('reaches the target and keeps it for the next sizes, across scenarios', () => {
    for (const scenario of [
      { drop: 0.1, discordance: 0.3 },
      { drop: 0.05, discordance: 0.2, power: 0.9 },
      { drop: 0.02, discordance: 0.1, alpha: 0.01 },
      { drop: 0.3, discordance: 0.9 },
      { drop: 0.05, discordance: 0.05 },
    ]) {
      const n = scoreTestSampleSize(scenario);
      const target = scenario.power ?? 0.8;
      for (let size = n; size <= n + stableWindow; size++) {
        expect(scoreTestPower({ ...scenario, n: size })).toBeGreaterThanOrEqual(target);
      }
      expect(scoreTestPower({ ...scenario, n: n - 1 })).toBeLessThan(target);
    }
  });
  it('steps past the zigzag of a discrete test: at ψ = 1 and δ = 0.9, 4 cases reach 80% but 5 do not', () => {
    expect(scoreTestSampleSize({ drop: 0.9, discordance: 1 })).toBe(8);
  });
  it('refuses what no sample can do', () => {
    expect(() => scoreTestSampleSize({ drop: 0, discordance: 0.2 })).toThrow(RangeError);
    expect(() => scoreTestSampleSize({ drop: 0.3, discordance: 0.2 })).toThrow(RangeError);
    expect(() => scoreTestSampleSize({ drop: 0.1, discordance: 0.2, power: 1 })).toThrow(RangeError);
  });
});
