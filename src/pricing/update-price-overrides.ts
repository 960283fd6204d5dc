// `prices update`: merges an imported list into the override file, newest import winning per model, and says
// which prices changed against what was in effect before.
import { diffPrices, type PriceChange } from './diff-prices.js';
import type { ImportedList } from './import/imported-row.js';
import {
  hashEntries,
  type ImportFormat,
  type PriceOverrideFile,
  readPriceOverrides,
  writePriceOverrides,
} from './override-file.js';
import { builtInPriceTable, createPriceTable, layerPriceTables, type PriceEntry } from './price-table.js';
import { findPriceEntry } from './resolve-price.js';

export interface PriceUpdate {
  file: PriceOverrideFile;
  format: ImportFormat;
  imported: number;
  added: PriceEntry[];
  changed: PriceChange[];
  unchanged: number;
  skipped: ImportedList['skipped'];
}

const keyOf = (entry: PriceEntry): string => `${entry.provider}\u0000${entry.model.toLowerCase()}`;

const byName = (a: PriceEntry, b: PriceEntry): number =>
  a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model);

export interface UpdateInput {
  filePath: string;
  list: ImportedList & { format: ImportFormat };
  source: string;
  now: Date;
  /** Report without writing the file. */
  dryRun?: boolean;
}

export const updatePriceOverrides = (input: UpdateInput): PriceUpdate => {
  const { filePath, list, now } = input;
  const previous = readPriceOverrides(filePath);
  const previousTable = createPriceTable(previous?.entries ?? []);
  const layered = layerPriceTables(previousTable, builtInPriceTable());
  const fromOverride = new Set(previousTable.entries);
  // the price each name had before, found as the runner would have found it
  const before = (entry: PriceEntry) => {
    const found = findPriceEntry(entry.provider, entry.model, layered);
    return found ? { entry: found, origin: fromOverride.has(found) ? 'override' : 'bundled' } : undefined;
  };
  const diff = diffPrices(list.entries, before);
  const replaced = new Set(list.entries.map(keyOf));
  const entries = [
    ...(previous?.entries ?? []).filter((entry) => !replaced.has(keyOf(entry))),
    ...list.entries,
  ].sort(byName);
  const at = now.toISOString();
  const file: PriceOverrideFile = {
    version: 1,
    updated: at,
    hash: hashEntries(entries),
    imports: [
      ...(previous?.imports ?? []),
      { source: input.source, format: list.format, at, models: list.entries.length },
    ],
    entries,
  };
  if (!input.dryRun) writePriceOverrides(filePath, file);
  return {
    file,
    format: list.format,
    imported: list.entries.length,
    ...diff,
    skipped: list.skipped,
  };
};
