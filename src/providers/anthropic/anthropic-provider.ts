// Factory for Anthropic models: one connection config, chat models from it.
import type { LanguageModel } from '../../spec/language-model.js';
import type { ProviderEntry } from '../provider-entry.js';
import type { ProviderSettings } from '../provider-settings.js';
import { AnthropicChatModel, anthropicDefaultBaseUrl } from './anthropic-chat-model.js';

export type AnthropicProviderSettings = Omit<ProviderSettings, 'modelName'>;

export interface AnthropicProvider {
  languageModel(modelName: string): LanguageModel;
}

/**
 * @example
 * const model = createAnthropic({ apiKey }).languageModel('claude-3-5-haiku-latest');
 */
export const createAnthropic = (settings: AnthropicProviderSettings = {}): AnthropicProvider => ({
  languageModel: (modelName) => new AnthropicChatModel({ ...settings, modelName }),
});

export const anthropicEntry: ProviderEntry = {
  defaultBaseUrl: anthropicDefaultBaseUrl,
  apiKeyEnv: ['ANTHROPIC_API_KEY'],
  keyFollowsBaseUrl: true,
  unpriced: false,
  speaks: ['anthropic-messages'],
  cannotTake: ['seed', 'responseFormat'],
  languageModel: ({ modelName, baseUrl, apiKey, headers, transport }) =>
    createAnthropic({ baseUrl, apiKey, headers, transport }).languageModel(modelName),
};
