// What an update changes: per model, each rate that moved (old → new), and the models that are new.
import type { PriceEntry } from './price-table.js';

const rateNames = ['input', 'cachedInput', 'cacheWrite', 'cacheWrite1h', 'output'] as const;

export interface PriceChange {
  /** `provider:model` */
  name: string;
  /** e.g. `input 2.5 → 2.25`, `tiers changed` */
  changes: string[];
  /** Where the old price came from, e.g. `bundled 2025-08-07`. */
  was: string;
}

const show = (value: number | undefined): string => (value === undefined ? '-' : String(value));

/** The rates that differ between two rows of the same model; empty when the price is the same. */
export const changedRates = (before: PriceEntry, after: PriceEntry): string[] => {
  const changes = rateNames
    .filter((name) => before[name] !== after[name])
    .map((name) => `${name} ${show(before[name])} → ${show(after[name])}`);
  if (JSON.stringify(before.tiers ?? []) !== JSON.stringify(after.tiers ?? [])) changes.push('tiers changed');
  return changes;
};

/**
 * Compares each imported row with the price the same name had before (found by `before`, which may fall back
 * from a dated snapshot to its base row).
 */
export const diffPrices = (
  imported: readonly PriceEntry[],
  before: (entry: PriceEntry) => { entry: PriceEntry; origin: string } | undefined,
): { added: PriceEntry[]; changed: PriceChange[]; unchanged: number } => {
  const added: PriceEntry[] = [];
  const changed: PriceChange[] = [];
  let unchanged = 0;
  for (const entry of imported) {
    const old = before(entry);
    if (old === undefined) {
      added.push(entry);
      continue;
    }
    const changes = changedRates(old.entry, entry);
    if (changes.length === 0) unchanged += 1;
    else
      changed.push({
        name: `${entry.provider}:${entry.model}`,
        changes,
        was: `${old.origin} ${old.entry.date}`,
      });
  }
  return { added, changed, unchanged };
};
