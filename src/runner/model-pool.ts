// Creates one LanguageModel per suite model through the registry; a model whose key is missing is skipped, not fatal.

import { createLimiter, type Limiter } from '../async/limiter.js';
import { createLanguageModel, type ProviderContext } from '../providers/registry.js';
import { YardstickError } from '../spec/errors.js';
import type { LanguageModel } from '../spec/language-model.js';
import type { ModelConfig } from '../spec/model-config.js';
import { modelKeyOf } from './plan.js';

export interface PooledModel {
  key: string;
  config: ModelConfig;
  model: LanguageModel;
  limiter: Limiter;
  /** Set when the model turned out to be unreachable during the run. */
  unavailable?: string;
}

export interface ModelPool {
  available: PooledModel[];
  skipped: Array<{ key: string; reason: string }>;
}

/** What models are created with: the environment for keys, the suite folder, and a transport for tests. */
export type ModelContext = ProviderContext;

const skippableCodes = new Set(['E_API_KEY_MISSING', 'E_UNAVAILABLE']);

/** A user mistake (bad module, unknown provider) stops the run before any call; a missing key only skips the model. */
export const createModelPool = async (
  models: ModelConfig[],
  context: ModelContext,
  concurrency: number,
): Promise<ModelPool> => {
  const pool: ModelPool = { available: [], skipped: [] };
  for (const config of models) {
    const key = modelKeyOf(config);
    let model: LanguageModel | undefined;
    try {
      model = createLanguageModel(config, context);
      await model.prepare?.();
      const limit = Math.max(1, Math.min(config.options?.concurrency ?? concurrency, concurrency));
      pool.available.push({ key, config, model, limiter: createLimiter(limit) });
    } catch (error) {
      await model?.close?.();
      if (error instanceof YardstickError && skippableCodes.has(error.code)) {
        pool.skipped.push({ key, reason: error.message });
      } else {
        await closeModelPool(pool);
        throw error;
      }
    }
  }
  return pool;
};

/** Releases what the models hold (the worker threads of `function:` models). */
export const closeModelPool = async (pool: ModelPool): Promise<void> => {
  await Promise.all(pool.available.map((pooled) => pooled.model.close?.()));
};
