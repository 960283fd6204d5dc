// `prices update` semantics: imports merge into the override file, changes are reported old → new, the table's
// version moves exactly when a price does.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPriceOverrides, priceTableVersion, usePriceOverrides } from './effective-price-table.js';
import { importPriceList } from './import/import-price-list.js';
import { resolvePrice } from './resolve-price.js';
import { updatePriceOverrides } from './update-price-overrides.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const now = new Date('2026-11-29T10:00:00Z');
const tempFile = (): string =>
  path.join(mkdtempSync(path.join(tmpdir(), 'yardstick-update-')), 'prices.json');
const openrouter = (text = fixture('openrouter-models.json')) =>
  importPriceList(text, { source: 'https://openrouter.ai/api/v1/models', date: '2026-11-29' });

afterEach(() => usePriceOverrides(undefined));

describe('updatePriceOverrides', () => {
  it('reports a price that differs from the bundled one, old → new, and the new models', () => {
    const filePath = tempFile();
    const update = updatePriceOverrides({
      filePath,
      list: openrouter(),
      source: 'https://openrouter.ai/api/v1/models',
      now,
    });
    // the bundled row for google/gemini-2.5-flash on OpenRouter has cache reads at 0.03
    expect(update.changed).toEqual([
      {
        name: 'openrouter:google/gemini-2.5-flash',
        changes: ['cachedInput 0.03 → 0.075', 'cacheWrite - → 0.3833'],
        was: 'bundled 2025-10-15',
      },
    ]);
    expect(update.added.map((entry) => entry.model)).toEqual(['meta-llama/llama-3.3-70b-instruct:free']);
    expect(update.unchanged).toBe(2);
    expect(update.file.entries).toHaveLength(4);
    expect(existsSync(filePath)).toBe(true);
  });
  it('compares with the previous import, keeps models a later list leaves out, and records both imports', () => {
    const filePath = tempFile();
    updatePriceOverrides({ filePath, list: openrouter(), source: 'first', now });
    const cheaper = JSON.parse(fixture('openrouter-models.json'));
    cheaper.data = cheaper.data.slice(0, 1);
    cheaper.data[0].pricing.prompt = '0.0000001';
    const update = updatePriceOverrides({
      filePath,
      list: openrouter(JSON.stringify(cheaper)),
      source: 'second',
      now,
    });
    expect(update.changed).toEqual([
      { name: 'openrouter:openai/gpt-4o-mini', changes: ['input 0.15 → 0.1'], was: 'override 2026-11-29' },
    ]);
    expect(update.file.entries).toHaveLength(4);
    expect(update.file.imports.map((item) => item.source)).toEqual(['first', 'second']);
  });
  it('writes nothing on a dry run', () => {
    const filePath = tempFile();
    updatePriceOverrides({ filePath, list: openrouter(), source: 'x', now, dryRun: true });
    expect(existsSync(filePath)).toBe(false);
  });
  it('changes the price table version when a price changes, and only then', () => {
    const filePath = tempFile();
    const bundledOnly = priceTableVersion();
    updatePriceOverrides({ filePath, list: openrouter(), source: 'x', now });
    loadPriceOverrides(filePath);
    const imported = priceTableVersion();
    expect(imported).not.toBe(bundledOnly);
    // the same list again: same prices, same version
    updatePriceOverrides({
      filePath,
      list: openrouter(),
      source: 'x',
      now: new Date('2026-11-30T10:00:00Z'),
    });
    loadPriceOverrides(filePath);
    expect(priceTableVersion()).toBe(imported);
    usePriceOverrides(undefined);
    expect(priceTableVersion()).toBe(bundledOnly);
  });
  it('makes the runner price from the file once it is loaded', () => {
    const filePath = tempFile();
    updatePriceOverrides({ filePath, list: openrouter(), source: 'x', now });
    expect(resolvePrice({ id: 'openrouter:google/gemini-2.5-flash' })?.price.cachedInput).toBe(0.03);
    loadPriceOverrides(filePath);
    expect(resolvePrice({ id: 'openrouter:google/gemini-2.5-flash' })?.price.cachedInput).toBe(0.075);
  });
});
