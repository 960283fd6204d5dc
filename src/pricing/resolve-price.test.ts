// Price resolution: the suite's price, the override file, snapshot names, and models that must stay unpriced.
import { afterEach, describe, expect, it } from 'vitest';
import { usePriceOverrides } from './effective-price-table.js';
import { hashEntries, type PriceOverrideFile } from './override-file.js';
import { createPriceTable, type PriceEntry } from './price-table.js';
import { resolvePrice } from './resolve-price.js';

const imported = (provider: string, model: string, input: number, output: number): PriceEntry => ({
  provider,
  model,
  input,
  output,
  currency: 'USD',
  unit: 'per 1M tokens',
  date: '2026-11-29',
  source: 'https://openrouter.ai/api/v1/models',
});

const overrideFile = (entries: PriceEntry[]): PriceOverrideFile => ({
  version: 1,
  updated: '2026-11-29T10:00:00.000Z',
  hash: hashEntries(entries),
  imports: [],
  entries,
});

describe('resolvePrice', () => {
  it('prefers the suite override, even for a local model', () => {
    const price = { input: 1, output: 2 };
    expect(resolvePrice({ id: 'ollama:llama3.1:8b', price })).toEqual({ price, source: 'suite' });
    expect(resolvePrice({ id: 'openai:gpt-4o', price })).toEqual({ price, source: 'suite' });
  });
  it('finds a listed model with its source and date', () => {
    const resolved = resolvePrice({ id: 'openai:gpt-4o-mini' });
    expect(resolved?.price).toEqual({ input: 0.15, cachedInput: 0.075, output: 0.6 });
    expect(resolved?.source).toMatch(/^https:\/\/openai\.com\//);
    expect(resolved?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
  it('resolves dated snapshot names to the base entry when the provider prices them alike', () => {
    expect(resolvePrice({ id: 'openai:gpt-4o-2024-08-06' })?.price.input).toBe(2.5);
    expect(resolvePrice({ id: 'anthropic:claude-haiku-4-5-20251001' })?.price).toEqual({
      input: 1,
      cachedInput: 0.1,
      cacheWrite: 1.25,
      cacheWrite1h: 2,
      output: 5,
    });
    expect(resolvePrice({ id: 'anthropic:claude-sonnet-4-20250514' })?.price.output).toBe(15);
  });
  it("gives a snapshot priced apart its own price, not the base model's (gpt-4o-2024-05-13)", () => {
    const snapshot = resolvePrice({ id: 'openai:gpt-4o-2024-05-13' });
    expect(snapshot?.price).toEqual({ input: 5, output: 15 });
    expect(snapshot?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(resolvePrice({ id: 'openai:gpt-4o' })?.price.input).toBe(2.5);
  });
  it('carries the tiers and the 1-hour write rate of a row', () => {
    const price = resolvePrice({ id: 'anthropic:claude-sonnet-4-5-20250929' })?.price;
    expect(price?.cacheWrite1h).toBe(6);
    expect(price?.tiers).toEqual([
      { above: 200_000, input: 6, cachedInput: 0.6, cacheWrite: 7.5, cacheWrite1h: 12, output: 22.5 },
    ]);
  });
  it('resolves listed aliases', () => {
    expect(resolvePrice({ id: 'anthropic:claude-3-5-haiku-latest' })?.price.input).toBe(0.8);
  });
  it('leaves local presets and the function provider unpriced', () => {
    for (const id of ['function:./app.js', 'ollama:llama3.1:8b', 'vllm:qwen', 'llamacpp:x', 'lmstudio:y']) {
      expect(resolvePrice({ id })).toBeUndefined();
    }
  });
  it('leaves the openai provider unpriced on a self-hosted baseUrl, priced on the official one', () => {
    expect(resolvePrice({ id: 'openai:gpt-4o', baseUrl: 'http://localhost:8000/v1' })).toBeUndefined();
    expect(resolvePrice({ id: 'openai:gpt-4o', baseUrl: 'https://api.openai.com/v1' })?.price.input).toBe(
      2.5,
    );
  });
  it('leaves unknown models and malformed ids unpriced', () => {
    expect(resolvePrice({ id: 'openai:gpt-99' })).toBeUndefined();
    expect(resolvePrice({ id: 'gpt-4o' })).toBeUndefined();
  });
  it('uses an injected table', () => {
    const table = createPriceTable([
      {
        provider: 'acme',
        model: 'm1',
        input: 1,
        output: 1,
        currency: 'USD',
        unit: 'per 1M tokens',
        date: '2025-01-01',
        source: 'https://acme.test/pricing',
      },
    ]);
    expect(resolvePrice({ id: 'acme:m1' }, table)?.source).toBe('https://acme.test/pricing');
  });
});

describe('resolvePrice with an override file', () => {
  afterEach(() => usePriceOverrides(undefined));

  it('prefers the override file over the bundled table, and the suite price over both', () => {
    usePriceOverrides(overrideFile([imported('openai', 'gpt-4o', 2, 8)]));
    const resolved = resolvePrice({ id: 'openai:gpt-4o' });
    expect(resolved?.price).toEqual({ input: 2, output: 8 });
    expect(resolved?.source).toBe('https://openrouter.ai/api/v1/models');
    expect(resolvePrice({ id: 'openai:gpt-4o', price: { input: 1, output: 1 } })?.source).toBe('suite');
    // what the file does not list still comes from the bundled table
    expect(resolvePrice({ id: 'openai:gpt-4o-mini' })?.price.input).toBe(0.15);
  });
  it("finds a snapshot's own bundled row before an override of its base model", () => {
    usePriceOverrides(overrideFile([imported('openai', 'gpt-4o', 2, 8)]));
    expect(resolvePrice({ id: 'openai:gpt-4o-2024-05-13' })?.price.input).toBe(5);
    expect(resolvePrice({ id: 'openai:gpt-4o-2024-11-20' })?.price.input).toBe(2);
  });
  it('prices a model the bundled table does not know', () => {
    expect(resolvePrice({ id: 'openrouter:acme/new-model' })).toBeUndefined();
    usePriceOverrides(overrideFile([imported('openrouter', 'acme/new-model', 0.5, 1)]));
    expect(resolvePrice({ id: 'openrouter:acme/new-model' })?.price.output).toBe(1);
  });
  it('still leaves local providers unpriced', () => {
    usePriceOverrides(overrideFile([imported('ollama', 'llama3.1:8b', 1, 1)]));
    expect(resolvePrice({ id: 'ollama:llama3.1:8b' })).toBeUndefined();
  });
});
