// Anthropic list prices: `cacheWrite` is the 5-minute cache write (1.25x input), `cacheWrite1h` the 1-hour one
// (2x input); cache reads are 0.1x input on most models and less on the newest. Long-context tiers apply to the
// whole request once its prompt (input + cache reads + cache writes) is over the threshold.
import { genaiPrices, priceRow, type Rates, type RowFacts } from './price-row.js';

const pricingPage = 'https://platform.claude.com/docs/en/about-claude/pricing';
const genai = genaiPrices('anthropic');
// read from Anthropic's live pricing page on 2026-10-24, after the Sonnet 5.5 cache-read cut of 2026-10-07
const claudit = 'https://github.com/kurofune/claudit/releases/tag/v1.9.2';
const row = (model: string, rates: Rates, facts: RowFacts) => priceRow('anthropic', model, rates, facts);

const opus4 = { input: 15, cachedInput: 1.5, cacheWrite: 18.75, cacheWrite1h: 30, output: 75 };
const opus45 = { input: 5, cachedInput: 0.5, cacheWrite: 6.25, cacheWrite1h: 10, output: 25 };
const sonnet4 = { input: 3, cachedInput: 0.3, cacheWrite: 3.75, cacheWrite1h: 6, output: 15 };

export const anthropicPrices = [
  row(
    'claude-fable-5-1',
    { input: 10, cachedInput: 0.25, cacheWrite: 12.5, cacheWrite1h: 20, output: 50 },
    { date: '2026-09-01', source: pricingPage },
  ),
  row(
    'claude-fable-5',
    { input: 10, cachedInput: 1, cacheWrite: 12.5, cacheWrite1h: 20, output: 50 },
    { date: '2026-07-29', source: genai },
  ),
  row(
    'claude-opus-5-5',
    { input: 4, cachedInput: 0.2, cacheWrite: 5, cacheWrite1h: 8, output: 20 },
    { date: '2026-09-23', source: 'https://platform.claude.com/docs/zh-CN/models/opus-5-5/overview' },
  ),
  row('claude-opus-5', opus45, { date: '2026-07-29', source: genai }),
  row('claude-opus-4-8', opus45, { date: '2026-07-29', source: genai }),
  row('claude-opus-4-7', opus45, { date: '2026-07-29', source: genai }),
  row('claude-opus-4-6', opus45, { date: '2026-07-29', source: genai }),
  row('claude-opus-4-5', opus45, { date: '2026-07-29', source: genai }),
  row('claude-opus-4-1', opus4, {
    date: '2026-07-29',
    source: genai,
    retired: '2026-08-05',
    note: "Anthropic's pricing page lists it as retired except on Bedrock and Google Cloud",
  }),
  row('claude-opus-4', opus4, {
    date: '2026-07-29',
    source: genai,
    aliases: ['claude-opus-4-0'],
    retired: '2026-06-15',
  }),
  row(
    'claude-sonnet-5-5',
    { input: 2, cachedInput: 0.1, cacheWrite: 2.5, cacheWrite1h: 4, output: 10 },
    { date: '2026-10-24', source: claudit },
  ),
  row(
    'claude-sonnet-5',
    { input: 2, cachedInput: 0.2, cacheWrite: 2.5, cacheWrite1h: 4, output: 10 },
    {
      date: '2026-09-01',
      source: 'https://platform.claude.com/docs/zh-CN/models/sonnet-5/overview',
      note: 'the rise to $3/$15 announced for 2026-09-01 was called off',
    },
  ),
  row('claude-sonnet-4-6', sonnet4, { date: '2026-07-29', source: genai }),
  row('claude-sonnet-4-5', sonnet4, {
    date: '2026-07-29',
    source: genai,
    tiers: [{ above: 200_000, input: 6, cachedInput: 0.6, cacheWrite: 7.5, cacheWrite1h: 12, output: 22.5 }],
  }),
  row('claude-sonnet-4', sonnet4, {
    date: '2026-07-29',
    source: genai,
    aliases: ['claude-sonnet-4-0'],
    retired: '2026-06-15',
  }),
  row(
    'claude-haiku-5-5',
    { input: 0.1, cachedInput: 0.01, cacheWrite: 0.125, cacheWrite1h: 0.2, output: 0.5 },
    {
      date: '2026-10-24',
      source: claudit,
      tiers: [
        { above: 100_000, input: 0.5, cachedInput: 0.05, cacheWrite: 0.625, cacheWrite1h: 1, output: 2.5 },
      ],
    },
  ),
  row(
    'claude-haiku-4-5',
    { input: 1, cachedInput: 0.1, cacheWrite: 1.25, cacheWrite1h: 2, output: 5 },
    { date: '2026-07-29', source: genai },
  ),
  row('claude-3-7-sonnet', sonnet4, {
    date: '2026-07-29',
    source: genai,
    aliases: ['claude-3-7-sonnet-latest'],
    retired: '2026-02-19',
  }),
  row(
    'claude-3-5-haiku',
    { input: 0.8, cachedInput: 0.08, cacheWrite: 1, cacheWrite1h: 1.6, output: 4 },
    { date: '2026-07-29', source: genai, aliases: ['claude-3-5-haiku-latest'] },
  ),
  row('claude-3-5-sonnet', sonnet4, {
    date: '2026-07-29',
    source: genai,
    aliases: ['claude-3-5-sonnet-latest'],
    retired: '2025-10-22',
  }),
];
