// The one place that maps a provider id to its adapter; the runner, assertions, gateway and pricing read providers
// only through here, so adding one is its folder plus one line below.
import type { Transport } from '../http/transport.js';
import { YardstickError } from '../spec/errors.js';
import { findSuggestion } from '../spec/find-suggestion.js';
import type { EmbeddingModel, LanguageModel } from '../spec/language-model.js';
import { type ModelConfig, parseModelId } from '../spec/model-config.js';
import { anthropicEntry } from './anthropic/anthropic-provider.js';
import { azureEntry } from './azure/azure-provider.js';
import { bedrockEntry } from './bedrock/bedrock-provider.js';
import { functionEntry } from './function/function-provider.js';
import { googleEntry } from './google/google-provider.js';
import { openaiCompatible } from './openai/openai-provider.js';
import type { ProviderEntry } from './provider-entry.js';
import { resolveHeaders } from './resolve-headers.js';

export interface ProviderContext {
  env: Record<string, string | undefined>;
  /** Directory of the suite; `function:` paths are relative to it. */
  baseDir: string;
  transport?: Transport;
}

export const providerRegistry = {
  openai: openaiCompatible('openai'),
  anthropic: anthropicEntry,
  google: googleEntry,
  azure: azureEntry,
  bedrock: bedrockEntry,
  function: functionEntry,
  mistral: openaiCompatible('mistral'),
  groq: openaiCompatible('groq'),
  together: openaiCompatible('together'),
  fireworks: openaiCompatible('fireworks'),
  openrouter: openaiCompatible('openrouter'),
  deepseek: openaiCompatible('deepseek'),
  xai: openaiCompatible('xai'),
  ollama: openaiCompatible('ollama', { unpriced: true }),
  vllm: openaiCompatible('vllm', { unpriced: true }),
  llamacpp: openaiCompatible('llamacpp', { unpriced: true }),
  lmstudio: openaiCompatible('lmstudio', { unpriced: true }),
} satisfies Record<string, ProviderEntry>;

/** Every provider id yardstick knows: the registry's keys, so the type cannot drift from the map. */
export type ProviderId = keyof typeof providerRegistry;

export const knownProviders = (): ProviderId[] => Object.keys(providerRegistry) as ProviderId[];

export const isProviderId = (id: string): id is ProviderId => Object.hasOwn(providerRegistry, id);

const entryOf = (id: ProviderId): ProviderEntry => providerRegistry[id];

/** Whether a provider runs on the user's own hardware or code, where no list price exists (never $0). */
export const isUnpricedProvider = (id: string): boolean => isProviderId(id) && entryOf(id).unpriced;

const findEntry = (config: ModelConfig): { id: ProviderId; entry: ProviderEntry; model: string } => {
  const parsed = parseModelId(config.id);
  if (parsed === undefined) {
    throw new YardstickError(
      'E_CONFIG',
      `model id "${config.id}" must look like provider:model, e.g. openai:gpt-4o-mini`,
    );
  }
  if (!isProviderId(parsed.provider)) {
    const suggestion = findSuggestion(parsed.provider, knownProviders());
    const hint = suggestion === undefined ? '' : `did you mean "${suggestion}"? `;
    throw new YardstickError(
      'E_PROVIDER_UNKNOWN',
      `unknown provider "${parsed.provider}" in model "${config.id}"; ${hint}known providers: ${knownProviders().join(', ')}`,
    );
  }
  return { id: parsed.provider, entry: entryOf(parsed.provider), model: parsed.model };
};

const sameHost = (a: string, b: string | undefined): boolean => {
  try {
    return b !== undefined && new URL(a).host === new URL(b).host;
  } catch {
    return false;
  }
};

const isSet = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

const resolveApiKey = (entry: ProviderEntry, config: ModelConfig, env: ProviderContext['env']) => {
  const overridden = config.baseUrl !== undefined && !sameHost(config.baseUrl, entry.defaultBaseUrl);
  const names =
    config.apiKeyEnv !== undefined
      ? [config.apiKeyEnv]
      : overridden && !entry.keyFollowsBaseUrl
        ? []
        : entry.apiKeyEnv;
  const [first, ...others] = names;
  if (first === undefined) return undefined;
  const found = names.find((name) => isSet(env[name]));
  if (found !== undefined) return env[found]?.trim();
  const alternatives = others.length === 0 ? '' : ` (nor ${others.join(', ')})`;
  const how = config.apiKeyEnv === undefined ? `export ${first}, or set apiKeyEnv` : `export ${first}`;
  throw new YardstickError(
    'E_API_KEY_MISSING',
    `${first} is not set${alternatives} (needed by model "${config.id}"); ${how}`,
  );
};

const connectionFor = (
  config: ModelConfig,
  context: ProviderContext,
  entry: ProviderEntry,
  model: string,
) => ({
  modelId: config.id,
  modelName: model,
  baseUrl: config.baseUrl,
  apiKey: resolveApiKey(entry, config, context.env),
  headers: resolveHeaders(config, context.env),
  transport: context.transport,
  baseDir: context.baseDir,
  env: context.env,
  timeoutMs: config.options?.timeoutMs,
});

/**
 * @example
 * const model = createLanguageModel({ id: 'groq:llama-3.1-8b-instant' }, { env: process.env, baseDir: suiteDir });
 */
export const createLanguageModel = (config: ModelConfig, context: ProviderContext): LanguageModel => {
  const { entry, model } = findEntry(config);
  return entry.languageModel(connectionFor(config, context, entry, model));
};

export const createEmbeddingModel = (config: ModelConfig, context: ProviderContext): EmbeddingModel => {
  const { id, entry, model } = findEntry(config);
  if (entry.embeddingModel === undefined) {
    const able = knownProviders().filter((known) => entryOf(known).embeddingModel !== undefined);
    throw new YardstickError(
      'E_CONFIG',
      `provider "${id}" has no embedding models; use one of ${able.join(', ')}, e.g. openai:text-embedding-3-small`,
    );
  }
  return entry.embeddingModel(connectionFor(config, context, entry, model));
};
