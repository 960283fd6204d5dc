// The price table as a lookup: validates prices.data.ts once (a typo in a date or a negative price fails
// loudly) and indexes every entry by provider, model name and alias.
import { z } from 'zod';
import { priceEntries } from './prices.data.js';

export const priceEntrySchema = z
  .object({
    provider: z.string().min(1),
    model: z.string().min(1),
    input: z.number().nonnegative(),
    cachedInput: z.number().nonnegative().optional(),
    cacheWrite: z.number().nonnegative().optional(),
    output: z.number().nonnegative(),
    currency: z.literal('USD'),
    unit: z.literal('per 1M tokens'),
    date: z.iso.date(),
    source: z.url(),
    aliases: z.array(z.string().min(1)).readonly().optional(),
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

let builtIn: PriceTable | undefined;

/** The built-in table, validated on first use. */
export const builtInPriceTable = (): PriceTable => {
  builtIn ??= createPriceTable(priceEntries);
  return builtIn;
};
