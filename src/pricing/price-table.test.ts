// The bundled table must validate and every name must be unique; bad data fails loudly; layers answer in order.
import { describe, expect, it } from 'vitest';
import { builtInPriceTable, createPriceTable, layerPriceTables } from './price-table.js';

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
  it('validates the bundled data', () => {
    const table = builtInPriceTable();
    expect(table.entries.length).toBeGreaterThan(80);
    expect(table.find('anthropic', 'claude-sonnet-4-5')?.cacheWrite).toBe(3.75);
  });
  it('prices Anthropic 5-minute cache writes at 1.25x input and 1-hour writes at 2x, at every tier', () => {
    const rows = builtInPriceTable().entries.filter((item) => item.provider === 'anthropic');
    for (const rates of rows.flatMap((entry) => [entry, ...(entry.tiers ?? [])])) {
      expect(rates.cacheWrite).toBeCloseTo(rates.input * 1.25, 10);
      expect(rates.cacheWrite1h).toBeCloseTo(rates.input * 2, 10);
      expect(rates.cachedInput).toBeLessThanOrEqual(rates.input * 0.1 + 1e-12);
    }
  });
  it('dates every bundled row no later than the table was refreshed', () => {
    for (const entry of builtInPriceTable().entries) expect(entry.date <= '2026-11-29').toBe(true);
  });
  it('looks names up case-insensitively', () => {
    expect(builtInPriceTable().find('together', 'meta-llama/llama-3.3-70b-instruct-turbo')?.input).toBe(0.88);
  });
  it('rejects a bad date, a negative price and a missing source', () => {
    expect(() => createPriceTable([{ ...valid, date: '2025-13-01' }])).toThrow();
    expect(() => createPriceTable([{ ...valid, input: -1 }])).toThrow();
    expect(() => createPriceTable([{ ...valid, source: 'not a url' }])).toThrow();
  });
  it('rejects tiers that do not rise or that leave out a rate the base price lists', () => {
    const tier = { above: 200_000, input: 2, output: 4 };
    expect(() => createPriceTable([{ ...valid, tiers: [tier, { ...tier, above: 100_000 }] }])).toThrow(
      /rise/,
    );
    expect(() => createPriceTable([{ ...valid, cachedInput: 0.1, tiers: [tier] }])).toThrow(/cachedInput/);
    expect(createPriceTable([{ ...valid, tiers: [tier] }]).entries[0]?.tiers).toEqual([tier]);
  });
  it('accepts a retirement day or true, and nothing else', () => {
    expect(createPriceTable([{ ...valid, retired: '2026-06-15' }]).entries[0]?.retired).toBe('2026-06-15');
    expect(createPriceTable([{ ...valid, retired: true }]).entries[0]?.retired).toBe(true);
    expect(() => createPriceTable([{ ...valid, retired: 'soon' }])).toThrow();
  });
  it('rejects a name listed twice', () => {
    expect(() => createPriceTable([valid, { ...valid, model: 'm2', aliases: ['m1'] }])).toThrow(
      /listed twice/,
    );
  });
  it('answers from the upper layer first and hides the rows it replaces', () => {
    const under = createPriceTable([valid, { ...valid, model: 'm2', aliases: ['m2-latest'] }]);
    const over = createPriceTable([{ ...valid, model: 'M2', input: 9 }]);
    const layered = layerPriceTables(over, under);
    expect(layered.find('acme', 'm2')?.input).toBe(9);
    expect(layered.find('acme', 'm1')?.input).toBe(1);
    // the alias still reaches the bundled row: only names the override lists are replaced
    expect(layered.find('acme', 'm2-latest')?.input).toBe(1);
    expect(layered.entries.map((entry) => `${entry.model} ${entry.input}`)).toEqual(['M2 9', 'm1 1']);
  });
});
