// The price table as a lookup: validates the bundled rows once (a typo in a date or a negative price fails
// loudly) and indexes every entry by provider, model name and alias.
import { z } from 'zod';
import { bundledPriceEntries } from './data/bundled-prices.js';

const rate = z.number().nonnegative();

const rateFields = {
  input: rate,
  output: rate,
  cachedInput: rate.optional(),
  /** Cache writes with the default lifetime (Anthropic: 5 minutes). */
  cacheWrite: rate.optional(),
  /** Cache writes kept for 1 hour (Anthropic), billed at their own rate. */
  cacheWrite1h: rate.optional(),
};

/** Rates that replace the base ones for the whole request when its prompt is over `above` input tokens. */
export const priceTierSchema = z.object({ above: z.number().int().positive(), ...rateFields }).readonly();

export type PriceTier = z.infer<typeof priceTierSchema>;

const optionalRates = ['cachedInput', 'cacheWrite', 'cacheWrite1h'] as const;

export const priceEntrySchema = z
  .object({
    provider: z.string().min(1),
    model: z.string().min(1),
    ...rateFields,
    tiers: z.array(priceTierSchema).min(1).readonly().optional(),
    currency: z.literal('USD'),
    unit: z.literal('per 1M tokens'),
    /** The day the price was read from `source` (never a later day than that). */
    date: z.iso.date(),
    source: z.url(),
    aliases: z.array(z.string().min(1)).readonly().optional(),
    /** The day the provider retired (or will retire) the model, or `true` when the day is not known. */
    retired: z.union([z.iso.date(), z.literal(true)]).optional(),
    /** What a reader of the table should know about this price, e.g. a scheduled change. */
    note: z.string().min(1).optional(),
  })
  .superRefine((entry, context) => {
    let previous = 0;
    for (const [index, tier] of (entry.tiers ?? []).entries()) {
      if (tier.above <= previous) {
        context.addIssue({ code: 'custom', path: ['tiers', index, 'above'], message: 'tiers must rise' });
      }
      previous = tier.above;
      // a tier that left out a rate would silently bill those tokens at the base tier's price
      for (const name of optionalRates) {
        if ((entry[name] === undefined) !== (tier[name] === undefined)) {
          const message = `a tier must list ${name} exactly when the base price does`;
          context.addIssue({ code: 'custom', path: ['tiers', index, name], message });
        }
      }
    }
  })
  .readonly();

/** One row of the price table: USD per 1M tokens, valid on `date`, as published at `source`. */
export type PriceEntry = z.infer<typeof priceEntrySchema>;

export interface PriceTable {
  /** The entry for a provider's model name or alias, exactly as written (no suffix stripping). */
  find(provider: string, model: string): PriceEntry | undefined;
  readonly entries: readonly PriceEntry[];
}

const keyOf = (provider: string, model: string): string => `${provider}\u0000${model.toLowerCase()}`;

/** Builds a lookup over entries; throws when an entry is invalid or two entries claim the same name. */
export const createPriceTable = (entries: readonly unknown[]): PriceTable => {
  const parsed = z.array(priceEntrySchema).parse(entries);
  const byName = new Map<string, PriceEntry>();
  for (const entry of parsed) {
    for (const name of [entry.model, ...(entry.aliases ?? [])]) {
      const key = keyOf(entry.provider, name);
      if (byName.has(key)) throw new Error(`price table: ${entry.provider}:${name} is listed twice`);
      byName.set(key, entry);
    }
  }
  return {
    entries: parsed,
    find: (provider, model) => byName.get(keyOf(provider, model)),
  };
};

/**
 * A table that answers from `over` first and from `under` for what `over` does not list: the override file
 * from `prices update` over the bundled table.
 */
export const layerPriceTables = (over: PriceTable, under: PriceTable): PriceTable => {
  const shadowed = (entry: PriceEntry): boolean =>
    [entry.model, ...(entry.aliases ?? [])].some((name) => over.find(entry.provider, name) !== undefined);
  return {
    entries: [...over.entries, ...under.entries.filter((entry) => !shadowed(entry))],
    find: (provider, model) => over.find(provider, model) ?? under.find(provider, model),
  };
};

let builtIn: PriceTable | undefined;

/** The bundled table, validated on first use. */
export const builtInPriceTable = (): PriceTable => {
  builtIn ??= createPriceTable(bundledPriceEntries);
  return builtIn;
};
