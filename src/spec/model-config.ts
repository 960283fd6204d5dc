// A model as a suite (and later the gateway config) names it: `provider:model` plus connection and call settings.

export interface Price {
  /** USD per 1M input tokens. */
  input: number;
  /** USD per 1M output tokens. */
  output: number;
  /** USD per 1M cached input tokens; defaults to `input` when absent. */
  cachedInput?: number;
  /** USD per 1M tokens written to a prompt cache; defaults to `input` when absent. */
  cacheWrite?: number;
}

export interface ModelOptions {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  stop?: string[];
  seed?: number;
  stream?: boolean;
  responseFormat?: 'text' | 'json';
  /** Per-call timeout in milliseconds (default 60000). */
  timeoutMs?: number;
  /** Retries after the first attempt on 429, 5xx, network errors and timeouts (default 4). */
  maxRetries?: number;
  /** Most calls to this model in flight at once (default: the suite's concurrency). */
  concurrency?: number;
}

export interface ModelConfig {
  /** `provider:model`, e.g. `openai:gpt-4o-mini` or `function:./baseline.js`. */
  id: string;
  /** A display name for reports; defaults to `id`. */
  label?: string;
  baseUrl?: string;
  /** Name of the environment variable that holds the API key, never the key itself. */
  apiKeyEnv?: string;
  /** Extra HTTP headers; values may reference env vars as `${env:NAME}`. */
  headers?: Record<string, string>;
  price?: Price;
  options?: ModelOptions;
}

export interface ParsedModelId {
  provider: string;
  model: string;
}

/** Splits `provider:model` at the first colon (model names such as `llama3.1:8b` keep theirs). */
export const parseModelId = (id: string): ParsedModelId | undefined => {
  const colon = id.indexOf(':');
  if (colon <= 0 || colon === id.length - 1) return undefined;
  return { provider: id.slice(0, colon), model: id.slice(colon + 1) };
};
