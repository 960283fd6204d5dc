// The one place that maps a provider id to its adapter; the runner and assertions create models only through here.
import type { Transport } from '../http/transport.js';
import { YardstickError } from '../spec/errors.js';
import { findSuggestion } from '../spec/find-suggestion.js';
import type { EmbeddingModel, LanguageModel } from '../spec/language-model.js';
import { type ModelConfig, parseModelId } from '../spec/model-config.js';
import { anthropicDefaultBaseUrl } from './anthropic/anthropic-chat-model.js';
import { createAnthropic } from './anthropic/anthropic-provider.js';
import { createFunctionProvider } from './function/function-provider.js';
import { type OpenAICompatiblePreset, type OpenAIPresetId, openaiPresets } from './openai/openai-presets.js';
import { createOpenAI } from './openai/openai-provider.js';
import { resolveHeaders } from './resolve-headers.js';

export interface ProviderContext {
  env: Record<string, string | undefined>;
  /** Directory of the suite; `function:` paths are relative to it. */
  baseDir: string;
  transport?: Transport;
}

export interface Connection {
  modelName: string;
  baseUrl: string | undefined;
  apiKey: string | undefined;
  headers: Record<string, string> | undefined;
  transport: Transport | undefined;
  baseDir: string;
  /** The model's `options.timeoutMs`; the `function` provider bounds importing the module with it. */
  timeoutMs: number | undefined;
}

export interface ProviderEntry {
  /** Where requests go unless the config sets `baseUrl`; undefined when there is no server. */
  defaultBaseUrl: string | undefined;
  /** Environment variable holding the key by default; undefined when the server needs none. */
  apiKeyEnv: string | undefined;
  /** Whether the default key is still needed when `baseUrl` points elsewhere. */
  keyFollowsBaseUrl: boolean;
  languageModel(connection: Connection): LanguageModel;
  embeddingModel?(connection: Connection): EmbeddingModel;
}

const openaiCompatible = (id: OpenAIPresetId): ProviderEntry => {
  const preset: OpenAICompatiblePreset = openaiPresets[id];
  const provider = ({ modelName: _, baseDir: __, timeoutMs: ___, ...connection }: Connection) =>
    createOpenAI({
      ...connection,
      baseUrl: connection.baseUrl ?? preset.baseUrl,
      providerId: id,
      maxTokensField: preset.maxTokensField,
    });
  return {
    defaultBaseUrl: preset.baseUrl,
    apiKeyEnv: preset.apiKeyEnv,
    // `openai` with a custom baseUrl is "any compatible server": OPENAI_API_KEY is not sent there unasked.
    keyFollowsBaseUrl: id !== 'openai',
    languageModel: (connection) => provider(connection).languageModel(connection.modelName),
    embeddingModel: (connection) => provider(connection).embeddingModel(connection.modelName),
  };
};

export const providerRegistry = {
  openai: openaiCompatible('openai'),
  anthropic: {
    defaultBaseUrl: anthropicDefaultBaseUrl,
    apiKeyEnv: 'ANTHROPIC_API_KEY',
    keyFollowsBaseUrl: true,
    languageModel: ({ modelName, baseDir: _, timeoutMs: __, ...connection }) =>
      createAnthropic(connection).languageModel(modelName),
  },
  function: {
    defaultBaseUrl: undefined,
    apiKeyEnv: undefined,
    keyFollowsBaseUrl: false,
    languageModel: ({ modelName, baseDir, timeoutMs }) =>
      createFunctionProvider({ baseDir, ...(timeoutMs === undefined ? {} : { timeoutMs }) }).languageModel(
        modelName,
      ),
  },
  mistral: openaiCompatible('mistral'),
  groq: openaiCompatible('groq'),
  together: openaiCompatible('together'),
  fireworks: openaiCompatible('fireworks'),
  openrouter: openaiCompatible('openrouter'),
  deepseek: openaiCompatible('deepseek'),
  ollama: openaiCompatible('ollama'),
  vllm: openaiCompatible('vllm'),
  llamacpp: openaiCompatible('llamacpp'),
  lmstudio: openaiCompatible('lmstudio'),
} satisfies Record<ProviderId, ProviderEntry>;

export type ProviderId = OpenAIPresetId | 'anthropic' | 'function';

export const knownProviders = (): string[] => Object.keys(providerRegistry);

const isProviderId = (id: string): id is ProviderId => Object.hasOwn(providerRegistry, id);

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
  return { id: parsed.provider, entry: providerRegistry[parsed.provider], model: parsed.model };
};

const sameHost = (a: string, b: string | undefined): boolean => {
  try {
    return b !== undefined && new URL(a).host === new URL(b).host;
  } catch {
    return false;
  }
};

const resolveApiKey = (entry: ProviderEntry, config: ModelConfig, env: ProviderContext['env']) => {
  const usesDefault = config.apiKeyEnv === undefined;
  const overridden = config.baseUrl !== undefined && !sameHost(config.baseUrl, entry.defaultBaseUrl);
  const name = config.apiKeyEnv ?? (overridden && !entry.keyFollowsBaseUrl ? undefined : entry.apiKeyEnv);
  if (name === undefined) return undefined;
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    const how = usesDefault ? `export ${name}, or set apiKeyEnv` : `export ${name}`;
    throw new YardstickError(
      'E_API_KEY_MISSING',
      `${name} is not set (needed by model "${config.id}"); ${how}`,
    );
  }
  return value.trim();
};

const connectionFor = (
  config: ModelConfig,
  context: ProviderContext,
  entry: ProviderEntry,
  model: string,
): Connection => ({
  modelName: model,
  baseUrl: config.baseUrl,
  apiKey: resolveApiKey(entry, config, context.env),
  headers: resolveHeaders(config, context.env),
  transport: context.transport,
  baseDir: context.baseDir,
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
    throw new YardstickError(
      'E_CONFIG',
      `provider "${id}" has no embedding models; use an OpenAI-compatible one, e.g. openai:text-embedding-3-small`,
    );
  }
  return entry.embeddingModel(connectionFor(config, context, entry, model));
};
