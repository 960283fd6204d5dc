// Open models on the main hosts (Groq, Together, Fireworks) and through OpenRouter, which passes each lab's
// price through. Host prices change often: these carry the day each was last checked.
import { genaiPrices, priceRow, type Rates, type RowFacts } from './price-row.js';

const groqPage = 'https://groq.com/pricing';
const togetherPage = 'https://www.together.ai/pricing';
const fireworksPage = 'https://fireworks.ai/pricing';
const openrouterPage = 'https://openrouter.ai/models';
// OpenRouter rows without their own check date carry the day the file last synced from OpenRouter's API
const openrouterSynced = '2026-08-19';
const host =
  (provider: string, prefix = '') =>
  (model: string, rates: Rates, facts: RowFacts) =>
    priceRow(provider, `${prefix}${model}`, rates, facts);
const groq = host('groq');
const together = host('together');
const fireworks = host('fireworks', 'accounts/fireworks/models/');
const openrouter = host('openrouter');
const genai = {
  groq: genaiPrices('groq'),
  together: genaiPrices('together'),
  fireworks: genaiPrices('fireworks'),
};
const genaiOpenrouter = genaiPrices('openrouter');

export const hostPrices = [
  groq('llama-3.3-70b-versatile', { input: 0.59, output: 0.79 }, { date: '2025-10-15', source: groqPage }),
  groq('llama-3.1-8b-instant', { input: 0.05, output: 0.08 }, { date: '2025-10-15', source: groqPage }),
  groq(
    'openai/gpt-oss-120b',
    { input: 0.15, cachedInput: 0.075, output: 0.6 },
    { date: '2025-08-06', source: genai.groq },
  ),
  groq(
    'openai/gpt-oss-20b',
    { input: 0.075, cachedInput: 0.0375, output: 0.3 },
    { date: '2025-08-06', source: genai.groq },
  ),
  groq('qwen/qwen3-32b', { input: 0.29, output: 0.59 }, { date: '2025-08-12', source: genai.groq }),
  groq(
    'moonshotai/kimi-k2-instruct',
    { input: 1, cachedInput: 0.5, output: 3 },
    { date: '2025-08-12', source: genai.groq },
  ),
  groq(
    'meta-llama/llama-4-maverick-17b-128e-instruct',
    { input: 0.2, output: 0.6 },
    { date: '2025-08-12', source: genai.groq },
  ),
  groq(
    'meta-llama/llama-4-scout-17b-16e-instruct',
    { input: 0.11, output: 0.34 },
    { date: '2025-08-12', source: genai.groq },
  ),
  together(
    'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    { input: 0.88, output: 0.88 },
    { date: '2025-10-15', source: togetherPage },
  ),
  together(
    'Qwen/Qwen2.5-72B-Instruct-Turbo',
    { input: 1.2, output: 1.2 },
    { date: '2025-10-15', source: togetherPage },
  ),
  together(
    'meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8',
    { input: 0.27, output: 0.85 },
    { date: '2025-07-03', source: genai.together },
  ),
  together(
    'meta-llama/Llama-4-Scout-17B-16E-Instruct',
    { input: 0.18, output: 0.59 },
    { date: '2025-07-03', source: genai.together },
  ),
  fireworks(
    'llama-v3p1-8b-instruct',
    { input: 0.2, output: 0.2 },
    { date: '2025-10-15', source: fireworksPage },
  ),
  fireworks(
    'deepseek-v4-flash',
    { input: 0.14, cachedInput: 0.028, output: 0.28 },
    { date: '2026-08-04', source: genai.fireworks },
  ),
  fireworks(
    'deepseek-v4-pro',
    { input: 1.74, cachedInput: 0.145, output: 3.48 },
    { date: '2026-06-24', source: genai.fireworks },
  ),
  fireworks(
    'gpt-oss-120b',
    { input: 0.15, cachedInput: 0.014, output: 0.6 },
    { date: '2026-08-04', source: genai.fireworks },
  ),
  fireworks(
    'gpt-oss-20b',
    { input: 0.07, cachedInput: 0.035, output: 0.3 },
    { date: '2026-08-04', source: genai.fireworks },
  ),
  fireworks(
    'kimi-k2p6',
    { input: 0.95, cachedInput: 0.16, output: 4 },
    { date: '2026-05-28', source: genai.fireworks },
  ),
  fireworks(
    'glm-5p2',
    { input: 1.4, cachedInput: 0.14, output: 4.4 },
    { date: '2026-06-30', source: genai.fireworks },
  ),
  fireworks(
    'qwen3p7-plus',
    { input: 0.4, cachedInput: 0.08, output: 1.6 },
    { date: '2026-06-24', source: genai.fireworks },
  ),
  openrouter(
    'openai/gpt-4o-mini',
    { input: 0.15, cachedInput: 0.075, output: 0.6 },
    { date: '2025-10-15', source: openrouterPage },
  ),
  openrouter(
    'anthropic/claude-sonnet-4.5',
    { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
    { date: '2025-10-15', source: openrouterPage },
  ),
  openrouter(
    'google/gemini-2.5-flash',
    { input: 0.3, cachedInput: 0.03, output: 2.5 },
    { date: '2025-10-15', source: openrouterPage },
  ),
  openrouter(
    'openai/gpt-5.5',
    { input: 5, cachedInput: 0.5, output: 30 },
    { date: openrouterSynced, source: genaiOpenrouter },
  ),
  openrouter(
    'openai/gpt-5.4-mini',
    { input: 0.75, cachedInput: 0.075, output: 4.5 },
    { date: openrouterSynced, source: genaiOpenrouter },
  ),
  openrouter(
    'anthropic/claude-opus-5',
    { input: 5, cachedInput: 0.5, cacheWrite: 6.25, output: 25 },
    { date: '2026-07-25', source: genaiOpenrouter },
  ),
  openrouter(
    'google/gemini-3.5-flash',
    { input: 1.5, cachedInput: 0.15, output: 9 },
    { date: openrouterSynced, source: genaiOpenrouter },
  ),
  openrouter(
    'deepseek/deepseek-v4-pro',
    { input: 0.435, cachedInput: 0.003625, output: 0.87 },
    { date: openrouterSynced, source: genaiOpenrouter },
  ),
  openrouter(
    'meta-llama/llama-3.3-70b-instruct',
    { input: 0.05, output: 0.24 },
    { date: openrouterSynced, source: genaiOpenrouter },
  ),
];
