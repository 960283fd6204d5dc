// The bundled, dated price table: USD per 1M tokens. Each row's `date` is the day its price was read from its
// `source` (a provider page, or a maintained price list such as genai-prices), never a later day: for a page
// that states no date, the day a dated reading of that page first showed the same price. Update numbers and
// date together; `yardstick prices --stale 90d` lists the rows to check. See docs/prices.md.
import { anthropicPrices } from './anthropic-prices.js';
import { googlePrices } from './google-prices.js';
import { hostPrices } from './host-prices.js';
import { labPrices } from './lab-prices.js';
import { openaiPrices } from './openai-prices.js';

export const bundledPriceEntries = [
  ...openaiPrices,
  ...anthropicPrices,
  ...googlePrices,
  ...labPrices,
  ...hostPrices,
];
