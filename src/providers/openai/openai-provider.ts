// Factory for OpenAI and OpenAI-compatible models: one connection config, chat and embedding models from it.
import type { EmbeddingModel, LanguageModel } from '../../spec/language-model.js';
import { OpenAIChatModel, type OpenAIChatSettings } from './openai-chat-model.js';
import { OpenAIEmbeddingModel } from './openai-embedding-model.js';

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
