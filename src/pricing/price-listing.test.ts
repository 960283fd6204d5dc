// What `yardstick prices` lists: origins, one provider, and the stale rows.
import { afterEach, describe, expect, it } from 'vitest';
import { usePriceOverrides } from './effective-price-table.js';
import { hashEntries } from './override-file.js';
import { listPrices } from './price-listing.js';
import type { PriceEntry } from './price-table.js';

const fresh: PriceEntry = {
  provider: 'anthropic',
  model: 'claude-opus-5',
  input: 4,
  output: 20,
  currency: 'USD',
  unit: 'per 1M tokens',
  date: '2026-11-29',
  source: 'https://prices.test/litellm.json',
};

afterEach(() => usePriceOverrides(undefined));

describe('listPrices', () => {
  it('lists the bundled table with dates and sources when there is no override file', () => {
    const listing = listPrices();
    expect(listing.overrides).toBeNull();
    expect(listing.rows.length).toBeGreaterThan(80);
    expect(listing.rows.every((row) => row.origin === 'bundled' && /^https?:\/\//.test(row.source))).toBe(
      true,
    );
    expect(listing.rows.find((row) => row.model === 'claude-opus-4')?.retired).toBe('2026-06-15');
  });
  it('lists only rows read before the stale day', () => {
    const listing = listPrices({ staleBefore: '2026-01-01T00:00:00.000Z' });
    expect(listing.staleBefore).toBe('2026-01-01');
    expect(listing.rows.length).toBeGreaterThan(0);
    expect(listing.rows.every((row) => row.date < '2026-01-01')).toBe(true);
    expect(listPrices({ staleBefore: '2000-01-01' }).rows).toEqual([]);
  });
  it('shows an override row in place of the bundled one and says where it came from', () => {
    usePriceOverrides({
      version: 1,
      updated: '2026-11-29T10:00:00.000Z',
      hash: hashEntries([fresh]),
      imports: [],
      entries: [fresh],
    });
    const listing = listPrices({ provider: 'anthropic' });
    const opus = listing.rows.filter((row) => row.model === 'claude-opus-5');
    expect(opus).toEqual([expect.objectContaining({ input: 4, origin: 'override', date: '2026-11-29' })]);
    expect(listing.overrides).toMatchObject({ models: 1 });
    expect(listing.rows.every((row) => row.provider === 'anthropic')).toBe(true);
    // an override row is fresh, so the stale list no longer names it
    expect(listPrices({ staleBefore: '2026-10-01' }).rows.some((row) => row.model === 'claude-opus-5')).toBe(
      false,
    );
  });
  it('suggests the provider meant when the one asked for has no prices', () => {
    expect(() => listPrices({ provider: 'antropic' })).toThrow(
      /no prices for provider "antropic"; did you mean "anthropic"/,
    );
  });
});
