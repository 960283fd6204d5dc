// `llm-rubric`: a judge model grades the output against a rubric. Without `threshold` the judge's pass decides;
// with it, the case passes when the judge says pass AND its score ≥ threshold.
import type { AssertionConfig } from '../spec/assertion.js';
import type { AssertionHandler } from './assertion-context.js';
import { buildRubricPrompt } from './build-rubric-prompt.js';
import { JudgeReplyError } from './judge-reply-error.js';
import { parseJudgeReply } from './parse-judge-reply.js';
import { quoteExcerpt } from './quote-excerpt.js';

/** Used only when the judge gives a score but no pass and the assertion has no threshold. */
const defaultThreshold = 0.5;

export const llmRubric: AssertionHandler<Extract<AssertionConfig, { type: 'llm-rubric' }>> = async (
  config,
  context,
) => {
  const messages = buildRubricPrompt(config.value, context.output, context.vars);
  const { text, costUsd } = await context.callJudge(messages, config.provider);
  const verdict = parseJudgeReply(text);
  if (verdict === undefined) {
    throw new JudgeReplyError(
      `judge reply is not JSON {pass, score, reason}: ${quoteExcerpt(text.trim(), 120)}`,
      costUsd,
    );
  }
  const score = verdict.score ?? (verdict.pass ? 1 : 0);
  const judgePass = verdict.pass ?? score >= (config.threshold ?? defaultThreshold);
  const pass = judgePass && (config.threshold === undefined || score >= config.threshold);
  const belowThreshold = judgePass && !pass ? ` (score ${score} < threshold ${config.threshold})` : '';
  const reason = `${verdict.reason || (pass ? 'judge passed' : 'judge failed')}${belowThreshold}`;
  const result = { pass, score, reason };
  return costUsd === undefined ? result : { ...result, judgeCostUsd: costUsd };
};
