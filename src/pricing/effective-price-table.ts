// The table the runner, the judge and the gateway price with: the override file from `prices update` over the
// bundled table. Loaded once at startup by the commands that price calls, never on a request.
import { createHash } from 'node:crypto';
import { hashEntries, type PriceOverrideFile, readPriceOverrides } from './override-file.js';
import { builtInPriceTable, createPriceTable, layerPriceTables, type PriceTable } from './price-table.js';

interface Effective {
  table: PriceTable;
  version: string;
  overrides: PriceOverrideFile | undefined;
}

let effective: Effective | undefined;

const build = (overrides: PriceOverrideFile | undefined): Effective => {
  const bundled = builtInPriceTable();
  const table = overrides ? layerPriceTables(createPriceTable(overrides.entries), bundled) : bundled;
  const version = createHash('sha256')
    .update(hashEntries(bundled.entries))
    .update(overrides ? hashEntries(overrides.entries) : '')
    .digest('hex')
    .slice(0, 16);
  return { table, version, overrides };
};

/** Prices with these overrides from now on (undefined: the bundled table alone). */
export const usePriceOverrides = (overrides: PriceOverrideFile | undefined): void => {
  effective = build(overrides);
};

/**
 * Reads the override file (a missing file means none) and prices with it from now on; a damaged file is a
 * configuration error naming the entry.
 * @example loadPriceOverrides(path.join(projectDir(), 'prices.json'));
 */
export const loadPriceOverrides = (filePath: string): PriceOverrideFile | undefined => {
  const overrides = readPriceOverrides(filePath);
  usePriceOverrides(overrides);
  return overrides;
};

const current = (): Effective => {
  effective ??= build(undefined);
  return effective;
};

export const effectivePriceTable = (): PriceTable => current().table;

/** The overrides in use, if any. */
export const activePriceOverrides = (): PriceOverrideFile | undefined => current().overrides;

/**
 * A short hash of every price in effect: it changes exactly when a price, date or source changes, so routes
 * qualified on cost can be marked stale.
 */
export const priceTableVersion = (): string => current().version;
