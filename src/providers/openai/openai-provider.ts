// Factory for OpenAI and OpenAI-compatible models: one connection config, chat and embedding models from it;
// every preset's registry entry is made here from its row in openai-presets.ts.
import type { EmbeddingModel, LanguageModel } from '../../spec/language-model.js';
import type { Connection, ProviderEntry } from '../provider-entry.js';
import { OpenAIChatModel, type OpenAIChatSettings } from './openai-chat-model.js';
import { OpenAIEmbeddingModel } from './openai-embedding-model.js';
import { type OpenAIPresetId, openaiPresets } from './openai-presets.js';

export type OpenAIProviderSettings = Omit<OpenAIChatSettings, 'modelName'>;

export interface OpenAIProvider {
  languageModel(modelName: string): LanguageModel;
  embeddingModel(modelName: string): EmbeddingModel;
}

/**
 * @example
 * const groq = createOpenAI({ providerId: 'groq', baseUrl: 'https://api.groq.com/openai/v1', apiKey });
 * const model = groq.languageModel('llama-3.1-8b-instant');
 */
export const createOpenAI = (settings: OpenAIProviderSettings = {}): OpenAIProvider => ({
  languageModel: (modelName) => new OpenAIChatModel({ ...settings, modelName }),
  embeddingModel: (modelName) => new OpenAIEmbeddingModel({ ...settings, modelName }),
});

/**
 * The registry entry of an OpenAI-compatible host.
 * @example openaiCompatible('ollama', { unpriced: true })
 */
export const openaiCompatible = (id: OpenAIPresetId, { unpriced = false } = {}): ProviderEntry => {
  const preset = openaiPresets[id];
  const provider = ({ baseUrl, apiKey, headers, transport }: Connection) =>
    createOpenAI({
      baseUrl: baseUrl ?? preset.baseUrl,
      apiKey,
      headers,
      transport,
      providerId: id,
      maxTokensField: preset.maxTokensField,
    });
  return {
    defaultBaseUrl: preset.baseUrl,
    apiKeyEnv: 'apiKeyEnv' in preset ? [preset.apiKeyEnv] : [],
    // `openai` with a custom baseUrl is "any compatible server": OPENAI_API_KEY is not sent there unasked.
    keyFollowsBaseUrl: id !== 'openai',
    unpriced,
    speaks: ['openai-chat', 'openai-embeddings'],
    languageModel: (connection) => provider(connection).languageModel(connection.modelName),
    embeddingModel: (connection) => provider(connection).embeddingModel(connection.modelName),
  };
};
