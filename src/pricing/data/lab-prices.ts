// Mistral, DeepSeek and xAI list prices. DeepSeek has billed by time of day since 2026-08-16 (off-peak at half
// the peak rate), which one row cannot express, so its V4 models are left unpriced rather than priced wrong.
import { genaiPrices, priceRow, type Rates, type RowFacts } from './price-row.js';

const mistralPage = 'https://mistral.ai/pricing#api-pricing';
const deepseekPage = 'https://api-docs.deepseek.com/quick_start/pricing';
const mistral = (model: string, rates: Rates, facts: RowFacts) => priceRow('mistral', model, rates, facts);
const xai = (model: string, rates: Rates, facts: RowFacts) => priceRow('xai', model, rates, facts);
const genaiMistral = genaiPrices('mistral');
const genaiXai = genaiPrices('x_ai');
const deepseekRetired = {
  retired: '2026-07-24',
  note: 'the name was retired for deepseek-v4-flash; this is its last price, kept for old runs',
} as const;

export const labPrices = [
  mistral(
    'mistral-large-2512',
    { input: 0.5, cachedInput: 0.05, output: 1.5 },
    { date: '2026-06-09', source: genaiMistral },
  ),
  mistral('mistral-large-latest', { input: 0.5, output: 1.5 }, { date: '2025-12-02', source: mistralPage }),
  mistral('mistral-medium-latest', { input: 0.4, output: 2 }, { date: '2025-10-15', source: mistralPage }),
  mistral(
    'mistral-small-2603',
    { input: 0.15, cachedInput: 0.015, output: 0.6 },
    { date: '2026-06-09', source: genaiMistral },
  ),
  mistral('mistral-small-latest', { input: 0.1, output: 0.3 }, { date: '2025-10-15', source: mistralPage }),
  mistral(
    'devstral-2512',
    { input: 0.4, cachedInput: 0.04, output: 2 },
    { date: '2026-06-09', source: genaiMistral },
  ),
  mistral(
    'codestral-2508',
    { input: 0.3, cachedInput: 0.03, output: 0.9 },
    { date: '2026-06-09', source: genaiMistral },
  ),
  mistral('codestral-latest', { input: 0.3, output: 0.9 }, { date: '2025-10-15', source: mistralPage }),
  mistral(
    'ministral-14b-2512',
    { input: 0.2, cachedInput: 0.02, output: 0.2 },
    { date: '2026-06-09', source: genaiMistral },
  ),
  mistral(
    'ministral-3b-2512',
    { input: 0.1, cachedInput: 0.01, output: 0.1 },
    { date: '2026-06-09', source: genaiMistral },
  ),
  mistral('ministral-8b-latest', { input: 0.1, output: 0.1 }, { date: '2025-10-15', source: mistralPage }),
  priceRow(
    'deepseek',
    'deepseek-chat',
    { input: 0.28, cachedInput: 0.028, output: 0.42 },
    { date: '2025-09-29', source: deepseekPage, ...deepseekRetired },
  ),
  priceRow(
    'deepseek',
    'deepseek-reasoner',
    { input: 0.28, cachedInput: 0.028, output: 0.42 },
    { date: '2025-09-29', source: deepseekPage, ...deepseekRetired },
  ),
  xai('grok-4.5', { input: 2, cachedInput: 0.5, output: 6 }, { date: '2026-07-08', source: genaiXai }),
  xai('grok-4.3', { input: 1.25, cachedInput: 0.2, output: 2.5 }, { date: '2026-05-12', source: genaiXai }),
  xai(
    'grok-4-1-fast-reasoning',
    { input: 0.2, cachedInput: 0.05, output: 0.5 },
    { date: '2026-01-19', source: genaiXai, aliases: ['grok-4-1-fast'] },
  ),
  xai(
    'grok-4-1-fast-non-reasoning',
    { input: 0.2, cachedInput: 0.05, output: 0.5 },
    { date: '2026-01-19', source: genaiXai },
  ),
  xai(
    'grok-code-fast-1',
    { input: 0.2, cachedInput: 0.02, output: 1.5 },
    { date: '2026-01-19', source: genaiXai },
  ),
  xai(
    'grok-4-0709',
    { input: 3, cachedInput: 0.75, output: 15 },
    { date: '2025-07-12', source: genaiXai, aliases: ['grok-4', 'grok-4-latest'] },
  ),
];
