// Factory and registry entry for Gemini models; the key is GEMINI_API_KEY, or GOOGLE_API_KEY as Google's SDKs accept.
import type { EmbeddingModel, LanguageModel } from '../../spec/language-model.js';
import type { Connection, ProviderEntry } from '../provider-entry.js';
import type { ProviderSettings } from '../provider-settings.js';
import { GoogleChatModel, googleDefaultBaseUrl } from './google-chat-model.js';
import { GoogleEmbeddingModel } from './google-embedding-model.js';

export type GoogleProviderSettings = Omit<ProviderSettings, 'modelName'>;

export interface GoogleProvider {
  languageModel(modelName: string): LanguageModel;
  embeddingModel(modelName: string): EmbeddingModel;
}

/**
 * @example
 * const model = createGoogle({ apiKey }).languageModel('gemini-2.5-flash');
 */
export const createGoogle = (settings: GoogleProviderSettings = {}): GoogleProvider => ({
  languageModel: (modelName) => new GoogleChatModel({ ...settings, modelName }),
  embeddingModel: (modelName) => new GoogleEmbeddingModel({ ...settings, modelName }),
});

const fromConnection = ({ baseUrl, apiKey, headers, transport }: Connection) =>
  createGoogle({ baseUrl, apiKey, headers, transport });

export const googleEntry: ProviderEntry = {
  defaultBaseUrl: googleDefaultBaseUrl,
  apiKeyEnv: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
  keyFollowsBaseUrl: true,
  unpriced: false,
  speaks: [],
  languageModel: (connection) => fromConnection(connection).languageModel(connection.modelName),
  embeddingModel: (connection) => fromConnection(connection).embeddingModel(connection.modelName),
};
