// Reads LiteLLM's model_prices_and_context_window.json: per-token prices keyed by model name, with the provider
// in `litellm_provider`, long-context rates as `*_above_200k_tokens` and 1-hour cache writes as `*_above_1hr`.
import { z } from 'zod';
import { YardstickError } from '../../spec/errors.js';
import type { PriceTier } from '../price-table.js';
import {
  countSkip,
  type ImportContext,
  type ImportedList,
  type ImportedRates,
  importedRow,
  perMillion,
} from './imported-row.js';

/** LiteLLM provider names of the providers yardstick prices, and yardstick's ids for them. */
const providerIds: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  gemini: 'google',
  mistral: 'mistral',
  deepseek: 'deepseek',
  xai: 'xai',
  groq: 'groq',
  together_ai: 'together',
  fireworks_ai: 'fireworks',
  openrouter: 'openrouter',
};

const pricedModes = new Set(['chat', 'completion', 'responses', 'embedding']);

const price = z.number({ error: 'must be a number of USD per token' }).nonnegative();

const rateKeys = {
  input: 'input_cost_per_token',
  output: 'output_cost_per_token',
  cachedInput: 'cache_read_input_token_cost',
  cacheWrite: 'cache_creation_input_token_cost',
  cacheWrite1h: 'cache_creation_input_token_cost_above_1hr',
} as const;

type RateName = keyof typeof rateKeys;
const tierKey = /^(.+)_above_(\d+)k_tokens$/;
const isoDay = z.iso.date();

const entrySchema = z.looseObject({
  litellm_provider: z.string().optional(),
  mode: z.string().optional(),
  deprecation_date: z.unknown().optional(),
});

/** Every `*_cost*` field that holds a price must be a non-negative number; the rest of an entry is ignored. */
const readPrices = (key: string, value: Record<string, unknown>): Map<string, number> => {
  const prices = new Map<string, number>();
  for (const [field, raw] of Object.entries(value)) {
    // null is how a few rows say "no price"; it is no price, not zero
    if (raw === null || !/_cost(_per_token)?($|_above_)/.test(field)) continue;
    const parsed = price.safeParse(raw);
    if (!parsed.success) {
      throw new YardstickError(
        'E_CONFIG',
        `LiteLLM price list: entry "${key}": ${field} ${parsed.error.issues[0]?.message ?? 'is invalid'}, got ${JSON.stringify(raw)}`,
      );
    }
    prices.set(field, perMillion(parsed.data));
  }
  return prices;
};

const ratesFrom = (prices: Map<string, number>, suffix = ''): Partial<ImportedRates> => {
  const rates: Partial<Record<RateName, number>> = {};
  for (const [name, field] of Object.entries(rateKeys) as Array<[RateName, string]>) {
    const value = prices.get(`${field}${suffix}`);
    if (value !== undefined) rates[name] = value;
  }
  return rates;
};

/** Long-context tiers, kept only when they list the same rates as the base (else they would under-bill). */
const tiersFrom = (prices: Map<string, number>, base: ImportedRates, skipped: Record<string, number>) => {
  const thresholds = new Set<number>();
  for (const field of prices.keys()) {
    const match = tierKey.exec(field);
    if (match) thresholds.add(Number(match[2]) * 1000);
  }
  const tiers: PriceTier[] = [];
  for (const above of [...thresholds].sort((a, b) => a - b)) {
    const rates = ratesFrom(prices, `_above_${above / 1000}k_tokens`);
    const sameRates = (['cachedInput', 'cacheWrite', 'cacheWrite1h'] as const).every(
      (name) => (rates[name] === undefined) === (base[name] === undefined),
    );
    if (rates.input === undefined || rates.output === undefined || !sameRates) {
      countSkip(skipped, `long-context tiers left out (not every rate listed)`);
      continue;
    }
    tiers.push({ above, ...rates, input: rates.input, output: rates.output });
  }
  return tiers;
};

export const fromLitellm = (list: Record<string, unknown>, context: ImportContext): ImportedList => {
  const result: ImportedList = { entries: [], skipped: {} };
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(list)) {
    if (key === 'sample_spec') continue;
    const entry = entrySchema.safeParse(value);
    if (!entry.success) {
      throw new YardstickError('E_CONFIG', `LiteLLM price list: entry "${key}" is not an object`);
    }
    const prices = readPrices(key, entry.data);
    const litellmProvider = entry.data.litellm_provider ?? '';
    const provider = providerIds[litellmProvider];
    if (provider === undefined) {
      countSkip(result.skipped, 'providers yardstick does not price');
      continue;
    }
    const mode = entry.data.mode ?? 'chat';
    if (!pricedModes.has(mode)) {
      countSkip(result.skipped, `${mode} models (not priced per token)`);
      continue;
    }
    const rates = ratesFrom(prices);
    const output = rates.output ?? (mode === 'embedding' ? 0 : undefined);
    if (rates.input === undefined || output === undefined) {
      countSkip(result.skipped, 'entries without an input and output price');
      continue;
    }
    const base = { ...rates, input: rates.input, output };
    const model = key.startsWith(`${litellmProvider}/`) ? key.slice(litellmProvider.length + 1) : key;
    const name = `${provider}:${model.toLowerCase()}`;
    if (seen.has(name)) {
      countSkip(result.skipped, 'models listed twice (the first was kept)');
      continue;
    }
    seen.add(name);
    const retirement = entry.data.deprecation_date;
    // a retirement day is a note, not a price: one that is not a real day is left out, not an error
    const retired = isoDay.safeParse(retirement).success ? (retirement as string) : undefined;
    const tiers = tiersFrom(prices, base, result.skipped);
    result.entries.push(
      importedRow(provider, model, base, context, { tiers, ...(retired ? { retired } : {}) }),
    );
  }
  return result;
};
