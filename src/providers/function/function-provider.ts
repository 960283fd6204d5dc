// Factory for `function:` models: the user's own module as the system under test.
import type { LanguageModel } from '../../spec/language-model.js';
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
