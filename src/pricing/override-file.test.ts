// The override file: absent means none, a damaged one is an error that names the entry, writes are whole.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  hashEntries,
  type PriceOverrideFile,
  readPriceOverrides,
  writePriceOverrides,
} from './override-file.js';
import type { PriceEntry } from './price-table.js';
import { readPriceFile } from './read-price-file.js';

const entry: PriceEntry = {
  provider: 'openrouter',
  model: 'openai/gpt-4o-mini',
  input: 0.15,
  output: 0.6,
  currency: 'USD',
  unit: 'per 1M tokens',
  date: '2026-11-29',
  source: 'https://openrouter.ai/api/v1/models',
};

const file = (entries: PriceEntry[]): PriceOverrideFile => ({
  version: 1,
  updated: '2026-11-29T10:00:00.000Z',
  hash: hashEntries(entries),
  imports: [
    {
      source: 'https://openrouter.ai/api/v1/models',
      format: 'openrouter',
      at: '2026-11-29T10:00:00.000Z',
      models: 1,
    },
  ],
  entries,
});

const tempFile = (): string =>
  path.join(mkdtempSync(path.join(tmpdir(), 'yardstick-prices-')), 'prices.json');

describe('price override file', () => {
  it('is none when the file does not exist', () => {
    expect(readPriceOverrides(tempFile())).toBeUndefined();
  });
  it('reads back what was written, and leaves no temporary file behind', () => {
    const filePath = tempFile();
    writePriceOverrides(filePath, file([entry]));
    expect(readPriceOverrides(filePath)).toEqual(file([entry]));
    expect(readdirSync(path.dirname(filePath))).toEqual(['prices.json']);
  });
  it('names the entry and the field of a malformed row', () => {
    const filePath = tempFile();
    const damaged = JSON.parse(JSON.stringify(file([entry, { ...entry, model: 'acme/x' }])));
    damaged.entries[1].output = 'cheap';
    writeFileSync(filePath, JSON.stringify(damaged));
    expect(() => readPriceOverrides(filePath)).toThrow(
      /entries\.1\.output \(openrouter:acme\/x\): .*expected number/i,
    );
    expect(() => readPriceOverrides(filePath)).toThrow(/yardstick prices update --from/);
  });
  it('says when the file is not JSON or names a model twice', () => {
    const filePath = tempFile();
    writeFileSync(filePath, '{"version": 1,');
    expect(() => readPriceOverrides(filePath)).toThrow(/prices\.json is not JSON/);
    writeFileSync(filePath, JSON.stringify(file([entry, { ...entry, model: 'OpenAI/GPT-4o-mini' }])));
    expect(() => readPriceOverrides(filePath)).toThrow(/listed twice/);
  });
  it('refuses a file larger than the limit before reading it', () => {
    const filePath = tempFile();
    writeFileSync(filePath, 'x'.repeat(2048));
    expect(() => readPriceFile(filePath, { maxBytes: 1024 })).toThrow(/2048 bytes, more than the 1024/);
    expect(readPriceFile(filePath, { maxBytes: 4096 })).toHaveLength(2048);
  });
  it('writes pretty JSON a person can read in a diff', () => {
    const filePath = tempFile();
    writePriceOverrides(filePath, file([entry]));
    expect(readFileSync(filePath, 'utf8')).toContain('\n  "entries": [\n');
  });
});
