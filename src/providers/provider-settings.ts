// Connection settings every provider adapter takes; call settings come per call through CallOptions.
import type { Transport } from '../http/transport.js';

export interface ProviderSettings {
  /** The model name as the provider knows it, e.g. `gpt-4o-mini`. */
  modelName: string;
  /** API root without a trailing slash, e.g. `https://api.openai.com/v1`. */
  baseUrl?: string;
  apiKey?: string;
  headers?: Record<string, string>;
  /** Injectable for tests; defaults to node:http with keep-alive. */
  transport?: Transport;
  /** Optional per-call timeout the model applies itself; the runner normally passes its own via abortSignal. */
  timeoutMs?: number;
}

export const joinUrl = (baseUrl: string, path: string): string => `${baseUrl.replace(/\/+$/, '')}${path}`;
