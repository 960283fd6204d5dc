// Finds the price of a suite's model: the suite's own `price` wins, then the override file from `prices update`,
// then the bundled table; local and self-hosted models are unpriced (never 0) unless the suite says otherwise.
// the unpriced flag lives on each provider's registry entry (ARCHITECTURE.md), so pricing reads it there
import { isUnpricedProvider } from '../providers/registry.js';
import { type ModelConfig, type ParsedModelId, parseModelId } from '../spec/model-config.js';
import { effectivePriceTable } from './effective-price-table.js';
import type { PriceRates } from './price-rates.js';
import type { PriceEntry, PriceTable } from './price-table.js';

export interface ResolvedPrice {
  price: PriceRates;
  /** `suite` for an override, else the page or price list the entry was taken from. */
  source: string;
  /** The day the table's price was read; absent for a suite override. */
  date?: string;
  /** The table row, when the price came from the table. */
  entry?: PriceEntry;
}

/** OpenAI's own endpoint; any other baseUrl on the `openai` provider is a self-hosted or third-party server. */
const officialOpenAiHost = 'api.openai.com';

// Dated snapshots: `gpt-4o-2024-08-06`, `claude-haiku-4-5-20251001`.
const dateSuffix = /-(\d{4}-\d{2}-\d{2}|\d{8})$/;

const isSelfHostedOpenAi = (parsed: ParsedModelId, baseUrl: string | undefined): boolean => {
  if (parsed.provider !== 'openai' || baseUrl === undefined) return false;
  try {
    return new URL(baseUrl).hostname !== officialOpenAiHost;
  } catch {
    return true;
  }
};

const toPrice = (entry: PriceEntry): PriceRates => ({
  input: entry.input,
  output: entry.output,
  ...(entry.cachedInput !== undefined ? { cachedInput: entry.cachedInput } : {}),
  ...(entry.cacheWrite !== undefined ? { cacheWrite: entry.cacheWrite } : {}),
  ...(entry.cacheWrite1h !== undefined ? { cacheWrite1h: entry.cacheWrite1h } : {}),
  ...(entry.tiers !== undefined ? { tiers: entry.tiers } : {}),
});

/**
 * Looks a model name up as written (a dated snapshot priced apart has its own row), then with a date suffix
 * stripped (a snapshot priced like its base model).
 */
export const findPriceEntry = (
  provider: string,
  model: string,
  table: PriceTable = effectivePriceTable(),
): PriceEntry | undefined =>
  table.find(provider, model) ?? table.find(provider, model.replace(dateSuffix, ''));

/** The table row a model config is priced from, or undefined when it is unpriced or priced by the suite. */
export const findTableEntry = (
  config: ModelConfig,
  table: PriceTable = effectivePriceTable(),
): PriceEntry | undefined => {
  const parsed = parseModelId(config.id);
  if (!parsed || isUnpricedProvider(parsed.provider)) return undefined;
  if (isSelfHostedOpenAi(parsed, config.baseUrl)) return undefined;
  return findPriceEntry(parsed.provider, parsed.model, table);
};

/**
 * The price of a model config, or undefined when it is unpriced.
 * @example resolvePrice({ id: 'openai:gpt-4o-2024-08-06' }) // { price: { input: 2.5, ... }, source: 'https://openai.com/api/pricing/', date: '2025-08-07' }
 */
export const resolvePrice = (
  config: ModelConfig,
  table: PriceTable = effectivePriceTable(),
): ResolvedPrice | undefined => {
  if (config.price) return { price: config.price, source: 'suite' };
  const entry = findTableEntry(config, table);
  return entry ? { price: toPrice(entry), source: entry.source, date: entry.date, entry } : undefined;
};
