// Fuzzes what `prices update` and every priced command read: the two published list formats and the override
// file, mutated (wrong types, hostile values, renamed and deleted keys, deep nesting, cut and spliced text).
// Each must give valid rows or a configuration error naming what is wrong: never a crash, a TypeError, a raw
// schema dump or a row the table would reject. Seeded; replay a failure with YARDSTICK_FUZZ_SEED=….
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { YardstickError } from '../../spec/errors.js';
import { fuzzSeed } from '../../testing/fuzz-seed.js';
import { dataMutation, mutateData, mutateText, textMutation } from '../../testing/hostile-mutations.js';
import { hashEntries, readPriceOverrides } from '../override-file.js';
import { createPriceTable } from '../price-table.js';
import { importPriceList } from './import-price-list.js';

const seed = fuzzSeed(20_261_129);
const numRuns = Number(process.env.YARDSTICK_FUZZ_RUNS ?? 300);
const fixture = (name: string): string =>
  readFileSync(new URL(`../__fixtures__/${name}`, import.meta.url), 'utf8');
const context = { source: 'https://prices.test/list.json', date: '2026-11-29' };

/** A mutated document: 1 to 3 changes to the parsed data, then possibly one to the text. */
const mutated = (text: string) =>
  fc
    .tuple(
      fc.array(dataMutation, { minLength: 1, maxLength: 3 }),
      fc.option(textMutation, { nil: undefined }),
    )
    .map(([mutations, textChange]) => {
      const root = { value: JSON.parse(text) as unknown };
      for (const mutation of mutations) mutateData(root, mutation);
      const json = JSON.stringify(root.value) ?? 'undefined';
      return textChange ? mutateText(json, textChange) : json;
    });

/** Either valid rows or a configuration error with a sentence, never anything else. */
const expectRowsOrConfigError = (read: () => { entries: unknown[] } | undefined): void => {
  let result: { entries: unknown[] } | undefined;
  try {
    result = read();
  } catch (error) {
    if (!(error instanceof YardstickError)) throw error;
    expect(error.code).toBe('E_CONFIG');
    expect(error.message).not.toMatch(/^\s*[[{]/);
    return;
  }
  // every row the import kept is one the table accepts, with finite, non-negative rates
  expect(() => createPriceTable(result?.entries ?? [])).not.toThrow();
};

describe('price lists under mutation', () => {
  for (const name of ['litellm-prices.json', 'openrouter-models.json']) {
    it(`reads a mutated ${name} into valid rows or names what is wrong`, () => {
      fc.assert(
        fc.property(mutated(fixture(name)), (text) => {
          expectRowsOrConfigError(() => importPriceList(text, context));
        }),
        { seed, numRuns },
      );
    });
  }

  it('reads a mutated override file as valid prices or names the row at fault', () => {
    const list = importPriceList(fixture('litellm-prices.json'), context);
    const file = JSON.stringify({
      version: 1,
      updated: '2026-11-29T10:00:00.000Z',
      hash: hashEntries(list.entries),
      imports: [{ source: context.source, format: 'litellm', at: '2026-11-29T10:00:00.000Z', models: 9 }],
      entries: list.entries,
    });
    const filePath = path.join(mkdtempSync(path.join(tmpdir(), 'yardstick-fuzz-prices-')), 'prices.json');
    fc.assert(
      fc.property(mutated(file), (text) => {
        writeFileSync(filePath, text);
        expectRowsOrConfigError(() => readPriceOverrides(filePath));
      }),
      { seed, numRuns },
    );
  });
});
