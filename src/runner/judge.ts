// The judge and embedding models behind model-graded assertions: created once per config, cached and priced like any call.

import { createLimiter } from '../async/limiter.js';
import { costOfUsage } from '../pricing/cost-of-usage.js';
import { resolvePrice } from '../pricing/resolve-price.js';
import { createEmbeddingModel, createLanguageModel } from '../providers/registry.js';
import { YardstickError } from '../spec/errors.js';
import type { EmbeddingModel, LanguageModel } from '../spec/language-model.js';
import type { Message } from '../spec/messages.js';
import type { ModelConfig } from '../spec/model-config.js';
import { callModel, retryWithTimeout } from './call-model.js';
import type { ModelContext } from './model-pool.js';
import { cacheKey, type ResponseCache } from './response-cache.js';

export interface Graders {
  callJudge(messages: Message[], judge?: ModelConfig): Promise<{ text: string; costUsd: number | undefined }>;
  embed(
    texts: string[],
    provider?: ModelConfig,
  ): Promise<{ embeddings: number[][]; costUsd: number | undefined }>;
}

interface GraderOptions {
  /** Most judge and embedding calls in flight at once; assertions of many cases run in parallel. */
  concurrency: number;
  judge: ModelConfig | undefined;
  embedding: ModelConfig | undefined;
  context: ModelContext;
  cache: ResponseCache | undefined;
  abortSignal: AbortSignal;
}

/** Names the grader in its errors, so "OPENAI_API_KEY is not set" is not read as a problem of the model under test. */
const asGrader = <T>(role: string, config: ModelConfig, create: () => T): T => {
  try {
    return create();
  } catch (error) {
    if (error instanceof YardstickError) {
      throw new YardstickError(error.code, `${role} ${config.id} unavailable: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
};

const memoize = <T>(create: (config: ModelConfig) => T): ((config: ModelConfig) => T) => {
  const made = new Map<string, T>();
  return (config) => {
    const key = JSON.stringify(config);
    let value = made.get(key);
    if (value === undefined) {
      value = create(config);
      made.set(key, value);
    }
    return value;
  };
};

export const createGraders = (options: GraderOptions): Graders => {
  const judgeModel = memoize(
    (config): LanguageModel => asGrader('judge', config, () => createLanguageModel(config, options.context)),
  );
  const embeddingModel = memoize(
    (config): EmbeddingModel =>
      asGrader('embedding model', config, () => createEmbeddingModel(config, options.context)),
  );
  const limiter = createLimiter(options.concurrency);

  return {
    async callJudge(messages, override) {
      const config = override ?? options.judge;
      if (!config) {
        throw new YardstickError('E_CONFIG', 'no judge model: add `judge: provider:model` to the suite');
      }
      const outcome = await limiter.run(() =>
        callModel({
          model: judgeModel(config),
          config,
          options: {
            messages,
            temperature: config.options?.temperature ?? 0,
            maxTokens: config.options?.maxTokens ?? 512,
          },
          repeat: 0,
          cache: options.cache,
          abortSignal: options.abortSignal,
        }),
      );
      if (!outcome.ok) throw outcome.error;
      const price = resolvePrice(config);
      // judge spend is what this run paid: nothing for a cached verdict, unknown for an unpriced judge
      let costUsd: number | undefined;
      if (outcome.cacheHit) costUsd = 0;
      else if (price) costUsd = costOfUsage(outcome.result.usage, price.price);
      return { text: outcome.result.text, costUsd };
    },

    async embed(texts, override) {
      const config = override ?? options.embedding;
      if (!config) {
        throw new YardstickError(
          'E_CONFIG',
          'no embedding model: add `embedding: provider:model` to the suite',
        );
      }
      const key = cacheKey({
        embed: config.id,
        baseUrl: config.baseUrl ?? null,
        headers: config.headers ?? null,
        texts,
      });
      const cached = options.cache?.getValue<number[][]>(key);
      if (cached) return { embeddings: cached, costUsd: 0 };
      const model = embeddingModel(config);
      const result = await limiter.run(() =>
        retryWithTimeout(config, options.abortSignal, (signal) =>
          model.embed(texts, { abortSignal: signal }),
        ),
      );
      options.cache?.setValue(key, result.embeddings);
      const price = resolvePrice(config);
      const costUsd =
        price && result.usage.inputTokens !== undefined
          ? (result.usage.inputTokens * price.price.input) / 1_000_000
          : undefined;
      return { embeddings: result.embeddings, costUsd };
    },
  };
};
