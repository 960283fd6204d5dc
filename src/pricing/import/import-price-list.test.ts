// Both published price-list formats are read from trimmed real excerpts; a malformed entry is named.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPriceTable } from '../price-table.js';
import { importPriceList } from './import-price-list.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../__fixtures__/${name}`, import.meta.url), 'utf8');
const context = { source: 'https://prices.test/list.json', date: '2026-11-29' };

describe('importPriceList: LiteLLM model_prices_and_context_window.json', () => {
  const list = importPriceList(fixture('litellm-prices.json'), context);
  const table = createPriceTable(list.entries);

  it('is recognised and maps LiteLLM providers to yardstick ids', () => {
    expect(list.format).toBe('litellm');
    expect(list.entries.map((entry) => `${entry.provider}:${entry.model}`).sort()).toEqual([
      'anthropic:claude-opus-4-1-20250805',
      'anthropic:claude-opus-4-5',
      'anthropic:claude-sonnet-4-20250514',
      'google:gemini-2.5-pro',
      'groq:llama-3.3-70b-versatile',
      'openai:gpt-4o',
      'openai:gpt-4o-2024-05-13',
      'openai:gpt-4o-mini',
      'openai:text-embedding-3-small',
    ]);
  });
  it('turns per-token prices into per-1M rates without float noise', () => {
    expect(table.find('openai', 'gpt-4o')).toMatchObject({ input: 2.5, cachedInput: 1.25, output: 10 });
    expect(table.find('openai', 'gpt-4o-2024-05-13')).toMatchObject({ input: 5, output: 15 });
    expect(table.find('openai', 'gpt-4o-mini')).toMatchObject({
      input: 0.15,
      cachedInput: 0.075,
      output: 0.6,
    });
    expect(table.find('openai', 'text-embedding-3-small')).toMatchObject({ input: 0.02, output: 0 });
  });
  it('reads 5-minute and 1-hour cache writes, long-context tiers and the deprecation date', () => {
    expect(table.find('anthropic', 'claude-sonnet-4-20250514')).toMatchObject({
      input: 3,
      cachedInput: 0.3,
      cacheWrite: 3.75,
      cacheWrite1h: 6,
      output: 15,
      retired: '2026-05-14',
      tiers: [
        { above: 200_000, input: 6, cachedInput: 0.6, cacheWrite: 7.5, cacheWrite1h: 12, output: 22.5 },
      ],
    });
    expect(table.find('google', 'gemini-2.5-pro')?.tiers).toEqual([
      { above: 200_000, input: 2.5, cachedInput: 0.25, output: 15 },
    ]);
  });
  it('dates every row with the day it was read and records the list as the source', () => {
    for (const entry of list.entries) expect(entry).toMatchObject(context);
  });
  it('counts what it leaves out instead of dropping it silently', () => {
    expect(list.skipped).toEqual({
      'providers yardstick does not price': 2,
      'image_generation models (not priced per token)': 1,
      'audio_speech models (not priced per token)': 1,
    });
  });
  it('names the entry and the field of a malformed price', () => {
    const bad = JSON.parse(fixture('litellm-prices.json'));
    bad['gpt-4o'].input_cost_per_token = '0.0000025';
    expect(() => importPriceList(JSON.stringify(bad), context)).toThrow(
      /entry "gpt-4o": input_cost_per_token must be a number of USD per token, got "0.0000025"/,
    );
    bad['gpt-4o'] = 12;
    expect(() => importPriceList(JSON.stringify(bad), context)).toThrow(/entry "gpt-4o" is not an object/);
  });
  it('names a row whose price cannot be a rate, and ignores a retirement that is not a day', () => {
    const row = {
      litellm_provider: 'openai',
      mode: 'chat',
      input_cost_per_token: 1e-6,
      output_cost_per_token: 1e-6,
    };
    const huge = JSON.stringify({ 'gpt-x': { ...row, output_cost_per_token: 1e308 } });
    expect(() => importPriceList(huge, context)).toThrow(
      /LiteLLM price list: openai:gpt-x: output: .*Infinity/,
    );
    const odd = JSON.stringify({ 'gpt-x': { ...row, deprecation_date: '2026-02-30' } });
    expect(importPriceList(odd, context).entries[0]?.retired).toBeUndefined();
  });
  it('leaves out a tier that does not list every rate the base price lists', () => {
    const partial = JSON.stringify({
      'claude-x': {
        litellm_provider: 'anthropic',
        mode: 'chat',
        input_cost_per_token: 3e-6,
        output_cost_per_token: 15e-6,
        cache_read_input_token_cost: 3e-7,
        input_cost_per_token_above_200k_tokens: 6e-6,
        output_cost_per_token_above_200k_tokens: 22.5e-6,
      },
    });
    const result = importPriceList(partial, context);
    expect(result.entries[0]?.tiers).toBeUndefined();
    expect(result.skipped).toEqual({ 'long-context tiers left out (not every rate listed)': 1 });
  });
});

describe('importPriceList: OpenRouter models JSON', () => {
  const list = importPriceList(fixture('openrouter-models.json'), context);

  it('is recognised and reads the per-token strings, cache reads and writes included', () => {
    expect(list.format).toBe('openrouter');
    const table = createPriceTable(list.entries);
    expect(table.find('openrouter', 'openai/gpt-4o-mini')).toMatchObject({
      input: 0.15,
      cachedInput: 0.075,
      output: 0.6,
    });
    expect(table.find('openrouter', 'anthropic/claude-sonnet-4.5')).toMatchObject({
      input: 3,
      cachedInput: 0.3,
      cacheWrite: 3.75,
      output: 15,
    });
    expect(table.find('openrouter', 'google/gemini-2.5-flash')?.cacheWrite).toBe(0.3833);
  });
  it('keeps free models at a real price of 0 and leaves out routers priced -1', () => {
    const free = list.entries.find((entry) => entry.model === 'meta-llama/llama-3.3-70b-instruct:free');
    expect(free).toMatchObject({ input: 0, output: 0 });
    expect(list.entries.some((entry) => entry.model === 'openrouter/auto')).toBe(false);
    expect(list.skipped).toEqual({ 'routers priced by where they send the call': 1 });
  });
  it('names the model and the field of a malformed price', () => {
    const bad = JSON.parse(fixture('openrouter-models.json'));
    bad.data[1].pricing.completion = 'free';
    expect(() => importPriceList(JSON.stringify(bad), context)).toThrow(
      /data\[1\] \(anthropic\/claude-sonnet-4\.5\): pricing\.completion must be a decimal number in a string/,
    );
    bad.data[1].pricing.completion = 0.000015;
    expect(() => importPriceList(JSON.stringify(bad), context)).toThrow(/data\[1\].*pricing\.completion/);
  });
});

describe('importPriceList: other input', () => {
  it('says which formats it reads when the list is neither', () => {
    expect(() => importPriceList('{"models": []}', context)).toThrow(/neither OpenRouter's models list/);
    expect(() => importPriceList('[1, 2]', context)).toThrow(/neither/);
  });
  it('says when the text is not JSON', () => {
    expect(() => importPriceList('<html>', context)).toThrow(
      /https:\/\/prices\.test\/list\.json is not JSON/,
    );
  });
});
