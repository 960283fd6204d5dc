// The models behind route targets, made once each through the provider registry and reused by every request.
import type { Transport } from '../http/transport.js';
import { createEmbeddingModel, createLanguageModel, type ProviderContext } from '../providers/registry.js';
import type { EmbeddingModel, LanguageModel } from '../spec/language-model.js';
import type { ModelConfig } from '../spec/model-config.js';
import type { ResolvedTarget } from './load-gateway-config.js';

const memo = <T>(make: (config: ModelConfig) => T) => {
  const made = new Map<string, T>();
  // each request asks by its target object: found without building the id string every time
  const byTarget = new WeakMap<ResolvedTarget, T>();
  return (target: ResolvedTarget): T => {
    let model = byTarget.get(target);
    if (model !== undefined) return model;
    const id = `${target.config.id}\u0000${target.config.baseUrl ?? ''}`;
    model = made.get(id);
    if (model === undefined) {
      // throws (e.g. E_API_KEY_MISSING) without remembering anything, so a fixed environment is seen next time
      model = make(target.config);
      made.set(id, model);
    }
    byTarget.set(target, model);
    return model;
  };
};

export const createTargetModels = (env: Record<string, string | undefined>, transport?: Transport) => {
  const context: ProviderContext = { env, baseDir: process.cwd(), ...(transport ? { transport } : {}) };
  return {
    language: memo<LanguageModel>((config) => createLanguageModel(config, context)),
    embedding: memo<EmbeddingModel>((config) => createEmbeddingModel(config, context)),
  };
};
