// The most a request can cost, which a budget holds before the call: its prompt at no more tokens than its body
// has bytes (a token is at least one byte in the byte-level tokenizers providers use), plus an allowance for
// what providers add around tools, and its output at the max tokens it asked for; priced at the route's
// priciest target, so a fallback to a dearer model stays within the hold.
import type { ResolvedRoute } from './load-gateway-config.js';
import { costOfCall } from './target-price.js';

/** Tokens a provider adds to a prompt that has tools (Anthropic documents 313–346 for its tool-use prompt). */
export const toolPromptAllowance = 512;

/** Average bytes per token of ordinary text: what a stream cut short is charged by, never what is held. */
const typicalBytesPerToken = 4;

export interface RequestSize {
  /** The request body's length in bytes. */
  bodyBytes: number;
  hasTools: boolean;
  /** Output tokens the call may produce; 0 for embeddings. */
  maxOutputTokens: number;
}

/** The prompt's tokens at most. */
export const promptTokenBound = (size: Pick<RequestSize, 'bodyBytes' | 'hasTools'>): number =>
  size.bodyBytes + (size.hasTools ? toolPromptAllowance : 0);

/** The prompt's tokens as ordinary text has them: the charge for a prompt whose usage never came. */
export const promptTokenEstimate = (bodyBytes: number): number => Math.ceil(bodyBytes / typicalBytesPerToken);

/** Output tokens of a stream cut short: at least one per part delivered, else four characters a token. */
export const streamedTokenEstimate = (streamed: { parts: number; chars: number }): number =>
  Math.max(streamed.parts, Math.ceil(streamed.chars / typicalBytesPerToken));

/**
 * The largest cost of the request on any of the route's targets; null when none of them is priced (nothing a
 * budget could count).
 * @example
 * // one target at $1 / $2 per 1M input / output tokens: 900 × $1/M + 256 × $2/M
 * maxCostOnRoute(route, { bodyBytes: 900, hasTools: false, maxOutputTokens: 256 }) // 0.001412
 */
export const maxCostOnRoute = (route: ResolvedRoute, size: RequestSize): number | null => {
  const usage = { inputTokens: promptTokenBound(size), outputTokens: size.maxOutputTokens };
  let most: number | null = null;
  for (const target of route.targets) {
    const cost = costOfCall(target, usage);
    if (cost !== null && (most === null || cost > most)) most = cost;
  }
  return most;
};
