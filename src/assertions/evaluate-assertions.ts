// Runs a case's assertions and combines them: `not` inversion, weights, and the case's pass/score.
import type { AssertionConfig, AssertionOutcome } from '../spec/assertion.js';
import { YardstickError } from '../spec/errors.js';
import type { AssertionContext, AssertionHandler, HandlerResult } from './assertion-context.js';
import { JudgeReplyError } from './judge-reply-error.js';
import { assertionHandlers } from './registry.js';

export interface CaseEvaluation {
  /** Without a threshold: every assertion passes. With one: weighted score ≥ threshold. */
  pass: boolean;
  /** Σ weight·score / Σ weight; 1 when there are no assertions. */
  score: number;
  outcomes: AssertionOutcome[];
  /** Judge and embedding spend over all outcomes; undefined when none was priced. */
  judgeCostUsd: number | undefined;
}

/** Errors become failures that `not` leaves alone: a check that could not run passes neither way. */
const runAssertion = async (
  config: AssertionConfig,
  context: AssertionContext,
): Promise<AssertionOutcome> => {
  // The registry's mapped type guarantees each handler matches its kind; TypeScript cannot correlate the lookup.
  const handler = assertionHandlers[config.type] as AssertionHandler<AssertionConfig>;
  // One literal that starts with a named property: on Node 20, `{ ...base, more }` built per assertion outlived
  // the young generation and was promoted.
  const toOutcome = (
    fields: Pick<AssertionOutcome, 'pass' | 'score' | 'reason' | 'skipped'>,
    judgeCostUsd?: number,
  ): AssertionOutcome => ({
    type: config.type,
    ...(config.label === undefined ? {} : { label: config.label }),
    weight: config.weight ?? 1,
    ...fields,
    ...withCost(judgeCostUsd),
  });
  let result: HandlerResult;
  try {
    result = await handler(config, context);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isGraderUnavailable(error)) {
      return toOutcome({ pass: true, score: 1, skipped: true, reason: `skipped: ${message}` });
    }
    const judgeCostUsd = error instanceof JudgeReplyError ? error.judgeCostUsd : undefined;
    return toOutcome({ pass: false, score: 0, reason: `error: ${message}` }, judgeCostUsd);
  }
  const outcome = config.not
    ? { pass: !result.pass, score: 1 - result.score, reason: `not: ${result.reason}` }
    : { pass: result.pass, score: result.score, reason: result.reason };
  return toOutcome(outcome, result.judgeCostUsd);
};

/** A judge or embedding model without a key or server: the check is skipped and said so, not failed. */
const isGraderUnavailable = (error: unknown): boolean =>
  error instanceof YardstickError && (error.code === 'E_API_KEY_MISSING' || error.code === 'E_UNAVAILABLE');

const withCost = (judgeCostUsd: number | undefined): { judgeCostUsd?: number } =>
  judgeCostUsd === undefined ? {} : { judgeCostUsd };

export const evaluateAssertions = async (
  assertions: AssertionConfig[],
  context: AssertionContext,
  threshold?: number,
): Promise<CaseEvaluation> => {
  const all = await Promise.all(assertions.map((config) => runAssertion(config, context)));
  const outcomes = all.filter((outcome) => !outcome.skipped);
  const totalWeight = outcomes.reduce((sum, outcome) => sum + outcome.weight, 0);
  const allPass = outcomes.every((outcome) => outcome.pass);
  const score =
    outcomes.length === 0
      ? 1
      : totalWeight > 0
        ? outcomes.reduce((sum, outcome) => sum + outcome.weight * outcome.score, 0) / totalWeight
        : Number(allPass);
  const costs = outcomes.flatMap((outcome) =>
    outcome.judgeCostUsd === undefined ? [] : [outcome.judgeCostUsd],
  );
  return {
    pass: threshold === undefined ? allPass : score >= threshold,
    score,
    outcomes: all,
    judgeCostUsd: costs.length === 0 ? undefined : costs.reduce((sum, usd) => sum + usd, 0),
  };
};
