// Pairs two sides by case (and repeat) and decides, with statistics for paired data, whether the candidate is worse.

import { YardstickError } from '../spec/errors.js';
import { mcnemarExactP } from '../stats/mcnemar-exact.js';
import { mcnemarPower, mcnemarSampleSize } from '../stats/mcnemar-power.js';
import { pairedBootstrapInterval } from '../stats/paired-bootstrap-interval.js';
import { pairedDifferenceInterval } from '../stats/paired-difference-interval.js';
import type { CaseOutcome, ComparisonSide } from './comparison-side.js';
import { decide, type GateOptions } from './decide-gate.js';

export type PairStatus = 'regressed' | 'fixed' | 'still-failing' | 'still-passing';

export interface PairedCase {
  prompt: string;
  caseId: string;
  status: PairStatus;
  /** Pass fraction over the repeats (1 or 0 without repeats). */
  baselinePass: number;
  candidatePass: number;
  baseline: CaseOutcome;
  candidate: CaseOutcome;
}

export interface Comparison {
  baseline: { label: string; runId: string | null; model: string };
  candidate: { label: string; runId: string | null; model: string };
  /** Cases found on both sides (with repeats: cases, each with its pass fraction). */
  pairs: number;
  repeats: boolean;
  fixed: number;
  regressed: number;
  stillPassing: number;
  stillFailing: number;
  unpaired: { baselineOnly: number; candidateOnly: number };
  baselinePassRate: number;
  candidatePassRate: number;
  /** Candidate minus baseline pass rate. */
  diff: number;
  diffCi95: [number, number];
  diffMethod: 'newcombe-paired' | 'paired-bootstrap';
  mcnemarP: number;
  power: { detect: number; power: number | null; casesFor80: number | null };
  decision: 'pass' | 'fail';
  reason: string;
  /** Regressed first, then fixed, still failing, still passing. */
  cases: PairedCase[];
}

const statusOrder: Record<PairStatus, number> = {
  regressed: 0,
  fixed: 1,
  'still-failing': 2,
  'still-passing': 3,
};

const statusOf = (baselinePass: number, candidatePass: number): PairStatus => {
  const before = baselinePass >= 0.5;
  const after = candidatePass >= 0.5;
  if (before && !after) return 'regressed';
  if (!before && after) return 'fixed';
  return before ? 'still-passing' : 'still-failing';
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

const passFraction = (outcomes: CaseOutcome[]): number =>
  outcomes.reduce((sum, outcome) => sum + (outcome.pass ? 1 : 0), 0) / outcomes.length;

/** The outcome to show for a case: a failing repeat when there is one, since that is what needs explaining. */
const representative = (outcomes: CaseOutcome[]): CaseOutcome =>
  outcomes.find((outcome) => !outcome.pass) ?? (outcomes[0] as CaseOutcome);

export const compareSides = (
  baseline: ComparisonSide,
  candidate: ComparisonSide,
  gate: GateOptions,
): Comparison => {
  const key = keyMaker(baseline, candidate);
  const before = group(baseline, key);
  const after = group(candidate, key);
  const cases: PairedCase[] = [];
  let repeats = false;
  for (const [id, baselineOutcomes] of before) {
    const candidateOutcomes = after.get(id);
    if (!candidateOutcomes) continue;
    if (baselineOutcomes.length > 1 || candidateOutcomes.length > 1) repeats = true;
    const baselinePass = passFraction(baselineOutcomes);
    const candidatePass = passFraction(candidateOutcomes);
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

  const count = (status: PairStatus) => cases.filter((item) => item.status === status).length;
  const regressed = count('regressed');
  const fixed = count('fixed');
  const n = cases.length;
  const baselinePassRate = cases.reduce((sum, item) => sum + item.baselinePass, 0) / n;
  const candidatePassRate = cases.reduce((sum, item) => sum + item.candidatePass, 0) / n;
  const diff = candidatePassRate - baselinePassRate;
  const diffCi95 = repeats
    ? pairedBootstrapInterval(
        cases.map((item) => item.baselinePass),
        cases.map((item) => item.candidatePass),
        {},
      )
    : pairedDifferenceInterval(regressed, fixed, n, count('still-passing'));
  const mcnemarP = mcnemarExactP(regressed, fixed);

  const discordance = Math.max((regressed + fixed) / n, gate.detect);
  const power = {
    detect: gate.detect,
    power: mcnemarPower({ n, delta: gate.detect, discordance }),
    casesFor80: mcnemarSampleSize({ delta: gate.detect, discordance, power: 0.8 }),
  };
  const { decision, reason } = decide({ diff, diffCi95, mcnemarP, n, power }, gate);

  return {
    baseline: { label: baseline.label, runId: baseline.runId, model: baseline.model },
    candidate: { label: candidate.label, runId: candidate.runId, model: candidate.model },
    pairs: n,
    repeats,
    fixed,
    regressed,
    stillPassing: count('still-passing'),
    stillFailing: count('still-failing'),
    unpaired: {
      baselineOnly: [...before.keys()].filter((id) => !after.has(id)).length,
      candidateOnly: [...after.keys()].filter((id) => !before.has(id)).length,
    },
    baselinePassRate,
    candidatePassRate,
    diff,
    diffCi95,
    diffMethod: repeats ? 'paired-bootstrap' : 'newcombe-paired',
    mcnemarP,
    power,
    decision,
    reason,
    cases,
  };
};
