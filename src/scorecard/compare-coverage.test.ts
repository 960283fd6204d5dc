// Issue 9, row D: with repeats, compare's 95% interval for the difference in pass rate covers the true difference
// at least 93% of the time from 10 cases up. Cases are drawn from a population (each with its own per-call pass
// probability on each side) and run k times per side; the truth is the population's mean difference.
//
// Monte Carlo error: 1,000 replications per scenario give a standard error of about 0.7 points near 95%. Each
// scenario below had a coverage of at least 96% in a 4,000-replication run of an independent implementation
// (numpy, scipy), so the 93% bar sits more than four standard errors below it. The scenario closest to the bar,
// 10% of the cases going from always passing to never passing, is not simulated but summed exactly.
import { describe, expect, it } from 'vitest';
import { binomialPmf } from '../stats/binomial.js';
import { seededRandom } from '../stats/seeded-random.js';
import { compareSides } from './compare-sides.js';
import type { CaseOutcome, ComparisonSide } from './comparison-side.js';

type Population = (random: () => number) => { baseline: number; candidate: number };

const scenarios: Record<string, { truth: number; draw: Population }> = {
  'a mix of cases, each 10 points worse': {
    truth: -0.1,
    draw: (random) => {
      const baseline = 0.3 + 0.7 * random();
      return { baseline, candidate: baseline - 0.1 };
    },
  },
  'every case 1.0 vs 0.97': { truth: -0.03, draw: () => ({ baseline: 1, candidate: 0.97 }) },
  'every case 0.8 vs 0.8': { truth: 0, draw: () => ({ baseline: 0.8, candidate: 0.8 }) },
  'every case 1.0 vs 0.9': { truth: -0.1, draw: () => ({ baseline: 1, candidate: 0.9 }) },
  'half the cases 0.5 to 0.3': {
    truth: -0.1,
    draw: (random) => (random() < 0.5 ? { baseline: 0.5, candidate: 0.3 } : { baseline: 1, candidate: 1 }),
  },
};

const gate = { maxDrop: 0, requireNonInferiority: false, detect: 0.05, alpha: 0.05 };

const sideOf = (label: string, passesPerCase: number[], repeats: number): ComparisonSide => {
  const outcomes: CaseOutcome[] = [];
  passesPerCase.forEach((passes, index) => {
    for (let repeat = 0; repeat < repeats; repeat++) {
      outcomes.push({
        prompt: 'p',
        caseId: `c${index}`,
        repeat,
        pass: repeat < passes,
        output: '',
        reasons: [],
      });
    }
  });
  return { label, runId: null, model: label, outcomes };
};

const coverage = (
  name: string,
  cases: number,
  repeats: number,
  replications: number,
  seed: number,
): number => {
  const scenario = scenarios[name];
  if (!scenario) throw new Error(`no scenario ${name}`);
  const random = seededRandom(seed);
  const passesOf = (p: number): number => {
    let passes = 0;
    for (let repeat = 0; repeat < repeats; repeat++) if (random() < p) passes += 1;
    return passes;
  };
  let covered = 0;
  for (let replication = 0; replication < replications; replication++) {
    const drawn = Array.from({ length: cases }, () => scenario.draw(random));
    const baseline = sideOf(
      'a',
      drawn.map((item) => passesOf(item.baseline)),
      repeats,
    );
    const candidate = sideOf(
      'b',
      drawn.map((item) => passesOf(item.candidate)),
      repeats,
    );
    const [low, high] = compareSides(baseline, candidate, gate).diffCi95;
    if (low <= scenario.truth && scenario.truth <= high) covered += 1;
  }
  return covered / replications;
};

describe('row D: the interval with repeats covers the true difference at least 93% of the time from 10 cases', () => {
  const runs: Array<[string, number, number]> = [
    ['a mix of cases, each 10 points worse', 10, 3],
    ['a mix of cases, each 10 points worse', 50, 2],
    ['every case 1.0 vs 0.97', 10, 3],
    ['every case 1.0 vs 0.97', 30, 3],
    ['every case 0.8 vs 0.8', 20, 2],
    ['every case 1.0 vs 0.9', 10, 5],
    ['half the cases 0.5 to 0.3', 50, 2],
  ];
  for (const [name, cases, repeats] of runs) {
    it(`${name}: ${cases} cases, ${repeats} repeats`, () => {
      expect(coverage(name, cases, repeats, 1000, 9 + cases * repeats)).toBeGreaterThanOrEqual(0.93);
    });
  }

  it('10% of the cases going from always passing to never passing, summed exactly over the number that do', () => {
    for (const cases of [10, 20, 30, 50, 100]) {
      let covered = 0;
      for (let broken = 0; broken <= cases; broken++) {
        const baseline = sideOf('a', Array(cases).fill(2), 2);
        const candidate = sideOf(
          'b',
          Array.from({ length: cases }, (_, i) => (i < broken ? 0 : 2)),
          2,
        );
        const [low, high] = compareSides(baseline, candidate, gate).diffCi95;
        if (low <= -0.1 && -0.1 <= high) covered += binomialPmf(broken, cases, 0.1);
      }
      expect(covered).toBeGreaterThanOrEqual(0.93);
    }
  });
});
