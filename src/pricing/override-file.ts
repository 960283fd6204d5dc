// The local override file `.yardstick/prices.json` written by `prices update`: dated rows with their sources,
// read before the bundled table, and a hash of its rows so a reader can tell when prices changed.
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { YardstickError } from '../spec/errors.js';
import { createPriceTable, type PriceEntry, priceEntrySchema } from './price-table.js';
import { readPriceFile } from './read-price-file.js';

export const importFormats = ['openrouter', 'litellm'] as const;
export type ImportFormat = (typeof importFormats)[number];

export const priceOverrideFileSchema = z.object({
  version: z.literal(1),
  /** When the file was last written. */
  updated: z.iso.datetime(),
  /** sha256 of `entries`, the version the routing uses to tell that prices changed. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Every import merged into the file, newest last. */
  imports: z.array(
    z.object({
      source: z.string().min(1),
      format: z.enum(importFormats),
      at: z.iso.datetime(),
      models: z.number().int().nonnegative(),
    }),
  ),
  entries: z.array(priceEntrySchema),
});

export type PriceOverrideFile = z.infer<typeof priceOverrideFileSchema>;

export const hashEntries = (entries: readonly PriceEntry[]): string =>
  createHash('sha256').update(JSON.stringify(entries)).digest('hex');

const nameOf = (value: unknown): string => {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return typeof record.provider === 'string' && typeof record.model === 'string'
    ? ` (${record.provider}:${record.model})`
    : '';
};

const describeIssue = (issue: z.core.$ZodIssue, raw: unknown): string => {
  const [first, index] = issue.path;
  const entries = (raw as { entries?: unknown[] } | undefined)?.entries;
  const entry = first === 'entries' && typeof index === 'number' ? nameOf(entries?.[index]) : '';
  const where = issue.path.length === 0 ? '' : `${issue.path.map(String).join('.')}${entry}: `;
  return `${where}${issue.message}`;
};

/** The override file, or undefined when there is none; a damaged file is an error naming the entry. */
export const readPriceOverrides = (filePath: string): PriceOverrideFile | undefined => {
  const text = readPriceFile(filePath, { optional: true });
  if (text === undefined) return undefined;
  const fix = 'fix it, or delete it and run `yardstick prices update --from <list>` again';
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new YardstickError('E_CONFIG', `${filePath} is not JSON (${(error as Error).message}); ${fix}`);
  }
  const parsed = priceOverrideFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => describeIssue(issue, raw));
    throw new YardstickError('E_CONFIG', `${filePath}: ${problems.join('; ')}; ${fix}`);
  }
  try {
    createPriceTable(parsed.data.entries);
  } catch (error) {
    const reason = (error as Error).message.replace(/^price table: /, '');
    throw new YardstickError('E_CONFIG', `${filePath}: ${reason}; ${fix}`);
  }
  return parsed.data;
};

/** Writes the file whole through a temporary file, so a run or gateway reading it never sees half of it. */
export const writePriceOverrides = (filePath: string, file: PriceOverrideFile): void => {
  mkdirSync(path.dirname(filePath), { recursive: true });
  const temporary = `${filePath}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`);
  renameSync(temporary, filePath);
};
