// The rates a call is billed at: a suite's `price`, or a table row's rates with its 1-hour cache writes and
// long-context tiers.
import type { Price } from '../spec/model-config.js';
import type { PriceTier } from './price-table.js';

export interface PriceRates extends Price {
  /** USD per 1M tokens written to the cache for 1 hour; defaults to `cacheWrite` when absent. */
  cacheWrite1h?: number;
  /** Rising thresholds: a prompt over a tier's `above` input tokens is billed wholly at that tier's rates. */
  tiers?: readonly PriceTier[];
}
