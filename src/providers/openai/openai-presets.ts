// Hosts that speak the OpenAI Chat Completions API, used as provider ids in the registry (`groq:llama-3.1-8b-instant`).

export interface OpenAICompatiblePreset {
  baseUrl: string;
  /** Environment variable holding the key; absent for local servers that need none. */
  apiKeyEnv?: string;
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
}

export const openaiPresets = {
  openai: {
    baseUrl: 'https://api.openai.com/v1',
    apiKeyEnv: 'OPENAI_API_KEY',
    maxTokensField: 'max_completion_tokens',
  },
  mistral: {
    baseUrl: 'https://api.mistral.ai/v1',
    apiKeyEnv: 'MISTRAL_API_KEY',
    maxTokensField: 'max_tokens',
  },
  groq: {
    baseUrl: 'https://api.groq.com/openai/v1',
    apiKeyEnv: 'GROQ_API_KEY',
    maxTokensField: 'max_tokens',
  },
  together: {
    baseUrl: 'https://api.together.xyz/v1',
    apiKeyEnv: 'TOGETHER_API_KEY',
    maxTokensField: 'max_tokens',
  },
  fireworks: {
    baseUrl: 'https://api.fireworks.ai/inference/v1',
    apiKeyEnv: 'FIREWORKS_API_KEY',
    maxTokensField: 'max_tokens',
  },
  openrouter: {
    baseUrl: 'https://openrouter.ai/api/v1',
    apiKeyEnv: 'OPENROUTER_API_KEY',
    maxTokensField: 'max_tokens',
  },
  deepseek: {
    baseUrl: 'https://api.deepseek.com/v1',
    apiKeyEnv: 'DEEPSEEK_API_KEY',
    maxTokensField: 'max_tokens',
  },
  xai: {
    baseUrl: 'https://api.x.ai/v1',
    apiKeyEnv: 'XAI_API_KEY',
    maxTokensField: 'max_tokens',
  },
  ollama: { baseUrl: 'http://127.0.0.1:11434/v1', maxTokensField: 'max_tokens' },
  vllm: { baseUrl: 'http://127.0.0.1:8000/v1', maxTokensField: 'max_tokens' },
  llamacpp: { baseUrl: 'http://127.0.0.1:8080/v1', maxTokensField: 'max_tokens' },
  lmstudio: { baseUrl: 'http://127.0.0.1:1234/v1', maxTokensField: 'max_tokens' },
} as const satisfies Record<string, OpenAICompatiblePreset>;

export type OpenAIPresetId = keyof typeof openaiPresets;
