// The built-in table must validate and every name must be unique; bad data fails loudly.
import { describe, expect, it } from 'vitest';
import { builtInPriceTable, createPriceTable } from './price-table.js';

const valid = {
  provider: 'acme',
  model: 'm1',
  input: 1,
  output: 2,
  currency: 'USD',
  unit: 'per 1M tokens',
  date: '2025-10-15',
  source: 'https://acme.test/pricing',
};

describe('price table', () => {
  it('validates the built-in data', () => {
    const table = builtInPriceTable();
    expect(table.entries.length).toBeGreaterThan(30);
    expect(table.find('anthropic', 'claude-sonnet-4-5')?.cacheWrite).toBe(3.75);
  });
  it('prices Anthropic cache writes at 1.25x and reads at 0.1x input', () => {
    for (const entry of builtInPriceTable().entries.filter((item) => item.provider === 'anthropic')) {
      expect(entry.cacheWrite).toBeCloseTo(entry.input * 1.25, 10);
      expect(entry.cachedInput).toBeCloseTo(entry.input * 0.1, 10);
    }
  });
  it('looks names up case-insensitively', () => {
    expect(builtInPriceTable().find('together', 'meta-llama/llama-3.3-70b-instruct-turbo')?.input).toBe(0.88);
  });
  it('rejects a bad date, a negative price and a missing source', () => {
    expect(() => createPriceTable([{ ...valid, date: '2025-13-01' }])).toThrow();
    expect(() => createPriceTable([{ ...valid, input: -1 }])).toThrow();
    expect(() => createPriceTable([{ ...valid, source: 'not a url' }])).toThrow();
  });
  it('rejects a name listed twice', () => {
    expect(() => createPriceTable([valid, { ...valid, model: 'm2', aliases: ['m1'] }])).toThrow(
      /listed twice/,
    );
  });
});
