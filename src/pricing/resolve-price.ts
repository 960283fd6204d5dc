// Finds the price of a suite's model: the suite's own `price` wins, then the built-in table; local and
// self-hosted models are unpriced (never 0) unless the suite says otherwise.
import { isUnpricedProvider } from '../providers/registry.js';
import { type ModelConfig, type ParsedModelId, type Price, parseModelId } from '../spec/model-config.js';
import { builtInPriceTable, type PriceEntry, type PriceTable } from './price-table.js';

export interface ResolvedPrice {
  price: Price;
  /** `suite` for an override, else the pricing page the entry was taken from. */
  source: string;
  /** The day the table's price was checked; absent for a suite override. */
  date?: string;
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

const toPrice = (entry: PriceEntry): Price => ({
  input: entry.input,
  output: entry.output,
  ...(entry.cachedInput !== undefined ? { cachedInput: entry.cachedInput } : {}),
  ...(entry.cacheWrite !== undefined ? { cacheWrite: entry.cacheWrite } : {}),
});

/** Looks a model name up as written, then with a date suffix stripped. */
export const findPriceEntry = (
  provider: string,
  model: string,
  table: PriceTable = builtInPriceTable(),
): PriceEntry | undefined =>
  table.find(provider, model) ?? table.find(provider, model.replace(dateSuffix, ''));

/**
 * The price of a model config, or undefined when it is unpriced.
 * @example resolvePrice({ id: 'openai:gpt-4o-2024-08-06' }) // { price: { input: 2.5, ... }, source: 'https://openai.com/api/pricing/', date: '2025-08-07' }
 */
export const resolvePrice = (
  config: ModelConfig,
  table: PriceTable = builtInPriceTable(),
): ResolvedPrice | undefined => {
  if (config.price) return { price: config.price, source: 'suite' };
  const parsed = parseModelId(config.id);
  if (!parsed || isUnpricedProvider(parsed.provider)) return undefined;
  if (isSelfHostedOpenAi(parsed, config.baseUrl)) return undefined;
  const entry = findPriceEntry(parsed.provider, parsed.model, table);
  return entry ? { price: toPrice(entry), source: entry.source, date: entry.date } : undefined;
};
