// Factory for `function:` models: the user's own module as the system under test.
import type { LanguageModel } from '../../spec/language-model.js';
import type { ProviderEntry } from '../provider-entry.js';
import { FunctionChatModel } from './function-chat-model.js';

export interface FunctionProvider {
  languageModel(file: string): LanguageModel;
}

/**
 * @example
 * const model = createFunctionProvider({ baseDir: suiteDir }).languageModel('./baseline.js');
 */
export const createFunctionProvider = ({
  baseDir,
  timeoutMs,
}: {
  baseDir: string;
  /** Bounds importing the module; the model's `options.timeoutMs`. */
  timeoutMs?: number;
}): FunctionProvider => ({
  languageModel: (file) =>
    new FunctionChatModel({ modelName: file, baseDir, ...(timeoutMs === undefined ? {} : { timeoutMs }) }),
});

/** The registry entry: no server, no key, and no list price (it is the user's own code). */
export const functionEntry: ProviderEntry = {
  defaultBaseUrl: undefined,
  apiKeyEnv: [],
  keyFollowsBaseUrl: false,
  unpriced: true,
  speaks: [],
  languageModel: ({ modelName, baseDir, timeoutMs }) =>
    createFunctionProvider({ baseDir, ...(timeoutMs === undefined ? {} : { timeoutMs }) }).languageModel(
      modelName,
    ),
};
