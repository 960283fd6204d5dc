// Pairs two sides case by case and scores each case on each side, so the comparison sees, per case, whether the
// candidate did worse, better or the same.
import { YardstickError } from '../spec/errors.js';
import { caseEstimate } from './case-estimate.js';
import type { CaseOutcome, ComparisonSide } from './comparison-side.js';

/**
 * By the direction of the case's score (pass fraction, or estimate after `--repeat auto`): lower is regressed,
 * higher is fixed; equal is still passing (both always pass), still failing (both never pass) or unchanged.
 */
export type PairStatus = 'regressed' | 'fixed' | 'unchanged' | 'still-failing' | 'still-passing';

export interface PairedCase {
  prompt: string;
  caseId: string;
  status: PairStatus;
  /** The case's score: 1 or 0 without repeats, else its pass fraction or, after --repeat auto, its estimate. */
  baselinePass: number;
  candidatePass: number;
  baseline: CaseOutcome;
  candidate: CaseOutcome;
}

export interface PairedCases {
  cases: PairedCase[];
  /** Some case ran more than once on a side. */
  repeats: boolean;
  unpaired: { baselineOnly: number; candidateOnly: number };
}

const statusOrder: Record<PairStatus, number> = {
  regressed: 0,
  fixed: 1,
  unchanged: 2,
  'still-failing': 3,
  'still-passing': 4,
};

// Scores from the unbiased estimate carry rounding dust (0.7500000000000001 for 3/4); equal within it is equal.
const dust = 1e-9;

export const statusOf = (baselinePass: number, candidatePass: number): PairStatus => {
  if (candidatePass < baselinePass - dust) return 'regressed';
  if (candidatePass > baselinePass + dust) return 'fixed';
  if (baselinePass > 1 - dust) return 'still-passing';
  return baselinePass < dust ? 'still-failing' : 'unchanged';
};

/** Cases pair by prompt and id; two single-prompt sides with different prompts (a prompt change) pair by id alone. */
const keyMaker = (
  baseline: ComparisonSide,
  candidate: ComparisonSide,
): ((outcome: CaseOutcome) => string) => {
  const prompts = (side: ComparisonSide) =>
    [...new Set(side.outcomes.map((outcome) => outcome.prompt))].sort();
  const before = prompts(baseline);
  const after = prompts(candidate);
  if (before.join('\u0000') === after.join('\u0000'))
    return (outcome) => `${outcome.prompt}\u0000${outcome.caseId}`;
  if (before.length === 1 && after.length === 1) return (outcome) => outcome.caseId;
  throw new YardstickError(
    'E_CONFIG',
    `the two sides ran different prompts (${before.join(', ')} vs ${after.join(', ')}); compare runs of the same suite`,
  );
};

const group = (side: ComparisonSide, key: (outcome: CaseOutcome) => string): Map<string, CaseOutcome[]> => {
  const groups = new Map<string, CaseOutcome[]>();
  for (const outcome of side.outcomes) {
    const list = groups.get(key(outcome)) ?? [];
    list.push(outcome);
    groups.set(key(outcome), list);
  }
  return groups;
};

const scoreOf = (outcomes: CaseOutcome[], side: ComparisonSide): number =>
  caseEstimate(outcomes.filter((outcome) => outcome.pass).length, outcomes.length, side.autoRepeat);

/** The outcome to show for a case: a failing repeat when there is one, since that is what needs explaining. */
const representative = (outcomes: CaseOutcome[]): CaseOutcome =>
  outcomes.find((outcome) => !outcome.pass) ?? (outcomes[0] as CaseOutcome);

/** The cases both sides ran, regressed first; a side pair with nothing in common is a mistake to explain. */
export const pairCases = (baseline: ComparisonSide, candidate: ComparisonSide): PairedCases => {
  const key = keyMaker(baseline, candidate);
  const before = group(baseline, key);
  const after = group(candidate, key);
  const cases: PairedCase[] = [];
  let repeats = false;
  for (const [id, baselineOutcomes] of before) {
    const candidateOutcomes = after.get(id);
    if (!candidateOutcomes) continue;
    if (baselineOutcomes.length > 1 || candidateOutcomes.length > 1) repeats = true;
    const baselinePass = scoreOf(baselineOutcomes, baseline);
    const candidatePass = scoreOf(candidateOutcomes, candidate);
    const shown = representative(baselineOutcomes);
    cases.push({
      prompt: shown.prompt,
      caseId: shown.caseId,
      status: statusOf(baselinePass, candidatePass),
      baselinePass,
      candidatePass,
      baseline: shown,
      candidate: representative(candidateOutcomes),
    });
  }
  if (cases.length === 0) {
    throw new YardstickError(
      'E_CONFIG',
      `${baseline.label} and ${candidate.label} have no case in common to compare`,
    );
  }
  cases.sort((a, b) => statusOrder[a.status] - statusOrder[b.status] || a.caseId.localeCompare(b.caseId));
  return {
    cases,
    repeats,
    unpaired: {
      baselineOnly: [...before.keys()].filter((id) => !after.has(id)).length,
      candidateOnly: [...after.keys()].filter((id) => !before.has(id)).length,
    },
  };
};
