// Factory for Anthropic models: one connection config, chat models from it.
import type { LanguageModel } from '../../spec/language-model.js';
import type { ProviderSettings } from '../provider-settings.js';
import { AnthropicChatModel } from './anthropic-chat-model.js';

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
