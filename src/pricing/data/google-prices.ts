// Google Gemini API list prices (paid tier, text input). Pro models bill the whole request at a higher rate when
// the prompt is over 200K tokens: that is the tier.
import { genaiPrices, priceRow, type Rates, type RowFacts } from './price-row.js';

const pricingPage = 'https://ai.google.dev/gemini-api/docs/pricing';
const genai = genaiPrices('google');
const row = (model: string, rates: Rates, facts: RowFacts) => priceRow('google', model, rates, facts);
const rising = 'Google lists $1.50 input and $7.50 output from 2027-01-01';

export const googlePrices = [
  // read from the pricing page on 2026-10-07 (a verbatim transcription; cache prices were not captured)
  row(
    'gemini-3.8-flash',
    { input: 0.75, output: 3.75 },
    { date: '2026-10-07', source: pricingPage, note: rising },
  ),
  row(
    'gemini-3.7-flash',
    { input: 0.75, cachedInput: 0.075, output: 3.75 },
    { date: '2026-08-13', source: genai, note: rising },
  ),
  row(
    'gemini-3.6-flash',
    { input: 0.75, cachedInput: 0.075, output: 3.75 },
    { date: '2026-08-13', source: genai, note: rising },
  ),
  row(
    'gemini-3.5-flash',
    { input: 1.5, cachedInput: 0.15, output: 9 },
    { date: '2026-05-19', source: genai },
  ),
  row(
    'gemini-3.5-flash-lite',
    { input: 0.3, cachedInput: 0.03, output: 2.5 },
    { date: '2026-07-22', source: genai },
  ),
  row(
    'gemini-3.1-pro-preview',
    { input: 2, cachedInput: 0.2, output: 12 },
    {
      date: '2026-02-23',
      source: genai,
      tiers: [{ above: 200_000, input: 4, cachedInput: 0.4, output: 18 }],
    },
  ),
  row(
    'gemini-3.1-flash-lite',
    { input: 0.25, cachedInput: 0.025, output: 1.5 },
    { date: '2026-05-12', source: genai },
  ),
  row(
    'gemini-3-flash-preview',
    { input: 0.5, cachedInput: 0.05, output: 3 },
    { date: '2025-12-19', source: genai },
  ),
  row(
    'gemini-2.5-pro',
    { input: 1.25, cachedInput: 0.125, output: 10 },
    {
      date: '2025-10-31',
      source: genai,
      tiers: [{ above: 200_000, input: 2.5, cachedInput: 0.25, output: 15 }],
    },
  ),
  row(
    'gemini-2.5-flash',
    { input: 0.3, cachedInput: 0.03, output: 2.5 },
    { date: '2025-10-31', source: genai },
  ),
  row(
    'gemini-2.5-flash-lite',
    { input: 0.1, cachedInput: 0.01, output: 0.4 },
    { date: '2025-10-31', source: genai },
  ),
  row(
    'gemini-2.0-flash',
    { input: 0.1, cachedInput: 0.025, output: 0.4 },
    { date: '2025-10-15', source: pricingPage, aliases: ['gemini-2.0-flash-001'] },
  ),
];
