// What `yardstick prices` shows: every price in effect with its origin, date and source, optionally only one
// provider's or only the rows read before a day (stale). Its JSON form is documented in docs/prices.md.
import { YardstickError } from '../spec/errors.js';
import { findSuggestion } from '../spec/find-suggestion.js';
import { activePriceOverrides, effectivePriceTable, priceTableVersion } from './effective-price-table.js';
import type { PriceEntry, PriceTier } from './price-table.js';

export interface PriceListingRow {
  provider: string;
  model: string;
  aliases: string[];
  input: number;
  cachedInput: number | null;
  cacheWrite: number | null;
  cacheWrite1h: number | null;
  output: number;
  tiers: readonly PriceTier[];
  retired: string | true | null;
  note: string | null;
  date: string;
  source: string;
  /** `override` for a row of .yardstick/prices.json, `bundled` for the table shipped with yardstick. */
  origin: 'override' | 'bundled';
}

export interface PriceListing {
  /** Changes whenever any price in effect changes (see priceTableVersion). */
  version: string;
  overrides: { updated: string; hash: string; models: number } | null;
  /** With --stale: only rows read before this day are listed. */
  staleBefore: string | null;
  rows: PriceListingRow[];
}

const toRow = (entry: PriceEntry, origin: PriceListingRow['origin']): PriceListingRow => ({
  provider: entry.provider,
  model: entry.model,
  aliases: [...(entry.aliases ?? [])],
  input: entry.input,
  cachedInput: entry.cachedInput ?? null,
  cacheWrite: entry.cacheWrite ?? null,
  cacheWrite1h: entry.cacheWrite1h ?? null,
  output: entry.output,
  tiers: entry.tiers ?? [],
  retired: entry.retired ?? null,
  note: entry.note ?? null,
  date: entry.date,
  source: entry.source,
  origin,
});

export interface ListOptions {
  provider?: string | undefined;
  /** An ISO day or moment: rows whose date is before it. */
  staleBefore?: string | undefined;
}

export const listPrices = (options: ListOptions = {}): PriceListing => {
  const overrides = activePriceOverrides();
  const nameOf = (entry: PriceEntry): string => `${entry.provider}\u0000${entry.model.toLowerCase()}`;
  // the layered table hides the bundled rows an override replaces, so a name the file lists is the file's row
  const overridden = new Set(overrides?.entries.map(nameOf));
  const entries = effectivePriceTable().entries;
  const providers = [...new Set(entries.map((entry) => entry.provider))];
  if (options.provider !== undefined && !providers.includes(options.provider)) {
    const suggestion = findSuggestion(options.provider, providers);
    throw new YardstickError(
      'E_CONFIG',
      `no prices for provider "${options.provider}"; ${suggestion ? `did you mean "${suggestion}"? ` : ''}providers with prices: ${providers.join(', ')}`,
    );
  }
  const staleBefore = options.staleBefore?.slice(0, 10);
  const rows = entries
    .filter((entry) => options.provider === undefined || entry.provider === options.provider)
    .filter((entry) => staleBefore === undefined || entry.date < staleBefore)
    .map((entry) => toRow(entry, overridden.has(nameOf(entry)) ? 'override' : 'bundled'))
    // grouped by provider in the order providers first appear; the table's own order within a provider
    .sort((a, b) => providers.indexOf(a.provider) - providers.indexOf(b.provider));
  return {
    version: priceTableVersion(),
    overrides: overrides
      ? { updated: overrides.updated, hash: overrides.hash, models: overrides.entries.length }
      : null,
    staleBefore: staleBefore ?? null,
    rows,
  };
};
