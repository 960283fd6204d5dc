// Scores one sampled answer with its route's checks, through the assertion registry suites use. A judge that
// fails (no answer, an unreadable verdict, no key) leaves the sample not scored: it counts neither as passed nor
// as failed, so an outage of the judge never looks like drift of the model.
import type { AssertionContext } from '../assertions/assertion-context.js';
import { evaluateAssertions } from '../assertions/evaluate-assertions.js';
import type { AssertionOutcome } from '../spec/assertion.js';
import type { Message } from '../spec/messages.js';
import type { MonitorCheck, MonitorSampleInput } from '../store/contract/monitor-store.js';
import type { MonitorJob, RouteMonitor } from './monitor-job.js';
import { createRedactor } from './redact.js';

export type Graders = Pick<AssertionContext, 'callJudge' | 'embed'>;

/** Kinds whose verdict comes from another model. */
const gradedKinds = new Set(['llm-rubric', 'similar']);

const lastUserText = (messages: Message[]): string =>
  messages.findLast((message) => message.role === 'user')?.content ?? '';

/** Why a graded check did not give a verdict, or undefined when it did. */
const graderFailure = (outcome: AssertionOutcome): string | undefined => {
  if (!gradedKinds.has(outcome.type)) return undefined;
  if (outcome.skipped) return outcome.reason.replace(/^skipped: /, '');
  if (outcome.reason.startsWith('error: ')) return outcome.reason.slice('error: '.length);
  return undefined;
};

export const scoreSample = async (
  job: MonitorJob,
  monitor: RouteMonitor,
  graders: Graders,
  baseDir: string,
  now: () => Date = () => new Date(),
): Promise<MonitorSampleInput> => {
  const redactor = createRedactor(monitor.redact);
  const judgeErrors: string[] = [];
  const context: AssertionContext = {
    // deterministic checks see the answer as sent; whatever leaves for a judge is redacted first
    output: job.output,
    toolCalls: job.toolCalls,
    latencyMs: job.latencyMs,
    costUsd: job.costUsd,
    vars: { input: lastUserText(job.messages) },
    testId: job.traceId,
    model: job.model,
    baseDir,
    async callJudge(messages, judge) {
      try {
        return await graders.callJudge(redactor.messages(messages), judge ?? monitor.judge);
      } catch (error) {
        judgeErrors.push(error instanceof Error ? error.message : String(error));
        throw error;
      }
    },
    async embed(texts, provider) {
      return graders.embed(texts.map(redactor.text), provider);
    },
  };
  const evaluation = await evaluateAssertions(monitor.assert, context);
  const failures = evaluation.outcomes.flatMap((outcome) => graderFailure(outcome) ?? []);
  const notScoredReason = judgeErrors[0] ?? failures[0];
  const scored = notScoredReason === undefined;
  const checks: MonitorCheck[] = evaluation.outcomes.map((outcome) => ({
    type: outcome.type,
    ...(outcome.label === undefined ? {} : { label: outcome.label }),
    pass: outcome.pass,
    score: outcome.score,
    reason: redactor.text(outcome.reason),
  }));
  return {
    traceId: job.traceId,
    startedAt: job.startedAt,
    route: job.route,
    model: job.model,
    scored,
    pass: scored ? evaluation.pass : null,
    score: scored ? evaluation.score : null,
    notScoredReason: scored ? null : `judge failed: ${redactor.text(notScoredReason)}`,
    checks,
    judgeCostUsd: evaluation.judgeCostUsd ?? null,
    messages: redactor.messages(job.messages),
    output: redactor.text(job.output),
    toolCalls: redactor.toolCalls(job.toolCalls),
    scoredAt: now().toISOString(),
  };
};
