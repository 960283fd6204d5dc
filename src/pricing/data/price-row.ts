// One row of the bundled price table from its rates and facts, so each data file reads one call per model.
import type { PriceEntry, PriceTier } from '../price-table.js';

export interface Rates {
  input: number;
  output: number;
  cachedInput?: number;
  cacheWrite?: number;
  cacheWrite1h?: number;
}

export interface RowFacts {
  /** The day the price was read from `source`. */
  date: string;
  source: string;
  aliases?: string[];
  tiers?: PriceTier[];
  retired?: string | true;
  note?: string;
}

export const priceRow = (provider: string, model: string, rates: Rates, facts: RowFacts): PriceEntry => ({
  provider,
  model,
  ...rates,
  currency: 'USD',
  unit: 'per 1M tokens',
  ...facts,
});

/** The genai-prices data file of a provider at the commit these rows were read from (2026-08-21). */
export const genaiPrices = (file: string): string =>
  `https://github.com/pydantic/genai-prices/blob/47df840a5ab10bbcffb8e5ac01b9899032245d1b/prices/providers/${file}.yml`;
