// OpenAI list prices (standard processing, text tokens). Where a model's prompt can exceed 272K input tokens,
// OpenAI bills the whole request at 2x input and cache rates and 1.5x output: that is the tier.
import { genaiPrices, priceRow } from './price-row.js';

const openaiPage = 'https://openai.com/api/pricing/';
const genai = genaiPrices('openai');
const row = (model: string, rates: Parameters<typeof priceRow>[2], facts: Parameters<typeof priceRow>[3]) =>
  priceRow('openai', model, rates, facts);

export const openaiPrices = [
  row(
    'gpt-6.2-sol',
    { input: 2, cachedInput: 0.1, cacheWrite: 2.5, output: 10 },
    {
      // the page states no date; GPT-6.1 Sol, which it supersedes, was priced by 2026-09-29
      date: '2026-09-29',
      source: 'https://developers.openai.com/api/docs/models/gpt-6.2-sol',
      tiers: [{ above: 272_000, input: 4, cachedInput: 0.2, cacheWrite: 5, output: 15 }],
      note: 'cache writes kept 12 hours cost $5 per 1M; billed here at the 30-minute rate',
    },
  ),
  row(
    'gpt-6.1-sol',
    { input: 2, cachedInput: 0.1, output: 10 },
    {
      date: '2026-10-01',
      source: 'https://github.com/KZCFG/AILSA-SubSwitch/releases/tag/v1.0.0-g',
      tiers: [{ above: 272_000, input: 4, cachedInput: 0.2, output: 15 }],
    },
  ),
  row(
    'gpt-6-sol',
    { input: 2, cachedInput: 0.2, cacheWrite: 2.5, output: 10 },
    {
      date: '2026-09-22',
      source: 'https://developers.openai.com/api/docs/models/gpt-6-sol',
      tiers: [{ above: 272_000, input: 4, cachedInput: 0.4, cacheWrite: 5, output: 15 }],
    },
  ),
  row(
    'gpt-6-luna',
    { input: 0.1, cachedInput: 0.01, cacheWrite: 0.125, output: 0.5 },
    {
      date: '2026-09-22',
      source: 'https://github.com/merefield/codexometer/releases/tag/v0.18.4',
      note: 'prompts over 272K input tokens have a long-context rate that this row does not list',
    },
  ),
  row(
    'gpt-5.6-sol',
    { input: 5, cachedInput: 0.5, cacheWrite: 6.25, output: 30 },
    {
      date: '2026-08-02',
      source: genai,
      aliases: ['gpt-5.6'],
      tiers: [{ above: 272_000, input: 10, cachedInput: 1, cacheWrite: 12.5, output: 45 }],
      note: 'a cut to $4/$20 was reported in September 2026 and is not confirmed here',
    },
  ),
  row(
    'gpt-5.6-terra',
    { input: 2, cachedInput: 0.2, cacheWrite: 2.5, output: 12 },
    {
      date: '2026-08-02',
      source: genai,
      tiers: [{ above: 272_000, input: 4, cachedInput: 0.4, cacheWrite: 5, output: 18 }],
    },
  ),
  row(
    'gpt-5.6-luna',
    { input: 0.2, cachedInput: 0.02, cacheWrite: 0.25, output: 1.2 },
    {
      date: '2026-08-02',
      source: genai,
      tiers: [{ above: 272_000, input: 0.4, cachedInput: 0.04, cacheWrite: 0.5, output: 1.8 }],
    },
  ),
  row('gpt-5.5', { input: 5, cachedInput: 0.5, output: 30 }, { date: '2026-04-24', source: genai }),
  row(
    'gpt-5.4',
    { input: 2.5, cachedInput: 0.25, output: 15 },
    {
      date: '2026-03-06',
      source: genai,
      tiers: [{ above: 272_000, input: 5, cachedInput: 0.5, output: 22.5 }],
    },
  ),
  row(
    'gpt-5.4-mini',
    { input: 0.75, cachedInput: 0.075, output: 4.5 },
    { date: '2026-03-18', source: genai },
  ),
  row('gpt-5.4-nano', { input: 0.2, cachedInput: 0.02, output: 1.25 }, { date: '2026-03-18', source: genai }),
  row('gpt-5.2', { input: 1.75, cachedInput: 0.175, output: 14 }, { date: '2025-12-11', source: genai }),
  row('gpt-5.1', { input: 1.25, cachedInput: 0.125, output: 10 }, { date: '2025-11-13', source: genai }),
  row(
    'gpt-5',
    { input: 1.25, cachedInput: 0.125, output: 10 },
    { date: '2025-11-13', source: genai, aliases: ['gpt-5-chat-latest'] },
  ),
  row('gpt-5-mini', { input: 0.25, cachedInput: 0.025, output: 2 }, { date: '2025-11-13', source: genai }),
  row('gpt-5-nano', { input: 0.05, cachedInput: 0.005, output: 0.4 }, { date: '2025-11-13', source: genai }),
  row('gpt-4.1', { input: 2, cachedInput: 0.5, output: 8 }, { date: '2025-08-07', source: openaiPage }),
  row(
    'gpt-4.1-mini',
    { input: 0.4, cachedInput: 0.1, output: 1.6 },
    { date: '2025-08-07', source: openaiPage },
  ),
  row(
    'gpt-4.1-nano',
    { input: 0.1, cachedInput: 0.025, output: 0.4 },
    { date: '2025-08-07', source: openaiPage },
  ),
  row('gpt-4o', { input: 2.5, cachedInput: 1.25, output: 10 }, { date: '2025-08-07', source: openaiPage }),
  // the first GPT-4o snapshot kept its launch price when later snapshots got cheaper
  row(
    'gpt-4o-2024-05-13',
    { input: 5, output: 15 },
    { date: '2026-05-08', source: 'https://llmcloudhub.com/openai/gpt-4o-2024-05-13' },
  ),
  row(
    'gpt-4o-mini',
    { input: 0.15, cachedInput: 0.075, output: 0.6 },
    { date: '2025-08-07', source: openaiPage },
  ),
  row('o3', { input: 2, cachedInput: 0.5, output: 8 }, { date: '2025-08-07', source: openaiPage }),
  row('o4-mini', { input: 1.1, cachedInput: 0.275, output: 4.4 }, { date: '2025-08-07', source: openaiPage }),
  row('text-embedding-3-small', { input: 0.02, output: 0 }, { date: '2025-08-07', source: openaiPage }),
  row('text-embedding-3-large', { input: 0.13, output: 0 }, { date: '2025-08-07', source: openaiPage }),
];
