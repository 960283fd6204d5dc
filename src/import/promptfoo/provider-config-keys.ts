// The promptfoo provider config keys that become model options, and the names that mark a secret.
import type { ModelOptions } from '../../spec/model-config.js';

/** promptfoo's sampling keys (OpenAI, Anthropic and Gemini spellings) and the option each sets. */
export const optionKeys: Record<string, keyof ModelOptions> = {
  temperature: 'temperature',
  max_tokens: 'maxTokens',
  max_completion_tokens: 'maxTokens',
  maxOutputTokens: 'maxTokens',
  top_p: 'topP',
  topP: 'topP',
  stop: 'stop',
  stopSequences: 'stop',
  seed: 'seed',
};

/** Names of config keys and headers that hold secrets, which are never copied. */
export const credential = /key|token|secret|password|authorization|cookie/i;
