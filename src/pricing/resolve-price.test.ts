// Price resolution: overrides, snapshot names, and models that must stay unpriced.
import { describe, expect, it } from 'vitest';
import { createPriceTable } from './price-table.js';
import { resolvePrice } from './resolve-price.js';

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
  it('resolves dated snapshot names to the base entry', () => {
    expect(resolvePrice({ id: 'openai:gpt-4o-2024-08-06' })?.price.input).toBe(2.5);
    expect(resolvePrice({ id: 'anthropic:claude-haiku-4-5-20251001' })?.price).toEqual({
      input: 1,
      cachedInput: 0.1,
      cacheWrite: 1.25,
      output: 5,
    });
    expect(resolvePrice({ id: 'anthropic:claude-sonnet-4-20250514' })?.price.output).toBe(15);
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
