// What the importers share: a per-token price in USD as a per-1M rate, and the row they build from it.
import type { PriceEntry, PriceTier } from '../price-table.js';

/** A per-token USD price as USD per 1M tokens, without float noise (3.75e-06 is 3.75, not 3.7499999999999996). */
export const perMillion = (perToken: number): number => Math.round(perToken * 1e12) / 1e6;

export interface ImportContext {
  /** Where the list was read: its URL, or the file as a file: URL. */
  source: string;
  /** The day it was read (today). */
  date: string;
}

export interface ImportedRates {
  input: number;
  output: number;
  cachedInput?: number | undefined;
  cacheWrite?: number | undefined;
  cacheWrite1h?: number | undefined;
}

const defined = (rates: ImportedRates) =>
  Object.fromEntries(Object.entries(rates).filter(([, value]) => value !== undefined)) as ImportedRates;

export const importedRow = (
  provider: string,
  model: string,
  rates: ImportedRates,
  context: ImportContext,
  extra: { tiers?: PriceTier[]; retired?: string } = {},
): PriceEntry => ({
  provider,
  model,
  ...defined(rates),
  currency: 'USD',
  unit: 'per 1M tokens',
  date: context.date,
  source: context.source,
  ...(extra.tiers && extra.tiers.length > 0 ? { tiers: extra.tiers } : {}),
  ...(extra.retired ? { retired: extra.retired } : {}),
});

/** What an import left out, counted by reason, so the user sees that nothing vanished silently. */
export type SkipCounts = Record<string, number>;

export const countSkip = (counts: SkipCounts, reason: string): void => {
  counts[reason] = (counts[reason] ?? 0) + 1;
};

export interface ImportedList {
  entries: PriceEntry[];
  skipped: SkipCounts;
}
