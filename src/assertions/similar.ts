// `similar`: the output's embedding is close to the value's (cosine similarity ≥ threshold, default 0.8).
import type { AssertionConfig } from '../spec/assertion.js';
import type { AssertionHandler } from './assertion-context.js';
import { cosineSimilarity } from './cosine-similarity.js';
import { JudgeReplyError } from './judge-reply-error.js';
import { quoteExcerpt } from './quote-excerpt.js';

const defaultThreshold = 0.8;

export const similar: AssertionHandler<Extract<AssertionConfig, { type: 'similar' }>> = async (
  config,
  context,
) => {
  const threshold = config.threshold ?? defaultThreshold;
  const { embeddings, costUsd } = await context.embed([config.value, context.output], config.provider);
  const [expected, actual] = embeddings;
  if (expected === undefined || actual === undefined) {
    throw new JudgeReplyError(
      `embedding model returned ${embeddings.length} embeddings for 2 texts`,
      costUsd,
    );
  }
  let similarity: number;
  try {
    similarity = cosineSimilarity(expected, actual);
  } catch (error) {
    throw new JudgeReplyError(error instanceof Error ? error.message : String(error), costUsd);
  }
  const pass = similarity >= threshold;
  const reason = `similarity ${similarity.toFixed(3)} ${pass ? '≥' : '<'} ${threshold} to ${quoteExcerpt(config.value, 60)}`;
  const result = { pass, score: Math.min(1, Math.max(0, similarity)), reason };
  return costUsd === undefined ? result : { ...result, judgeCostUsd: costUsd };
};
