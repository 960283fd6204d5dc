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

const splitQuery = (text: string): [string, string] => {
  const mark = text.indexOf('?');
  return mark === -1 ? [text, ''] : [text.slice(0, mark), text.slice(mark + 1)];
};

/**
 * Appends an API path to a base URL; a query string on either side is kept, after the path (Azure's
 * `?api-version=` on the base URL, Gemini's `?alt=sse` on the path).
 * @example joinUrl('https://x.test/openai/deployments/d?api-version=2024-10-21', '/chat/completions')
 */
export const joinUrl = (baseUrl: string, path: string): string => {
  const [base, baseQuery] = splitQuery(baseUrl);
  const [pathname, pathQuery] = splitQuery(path);
  const query = [pathQuery, baseQuery].filter((part) => part !== '').join('&');
  return `${base.replace(/\/+$/, '')}${pathname}${query === '' ? '' : `?${query}`}`;
};
