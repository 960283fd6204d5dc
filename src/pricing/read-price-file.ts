// Reads a price list or the override file from disk with a size limit, so a wrong path (a log, a disk image)
// fails with a clear message instead of filling memory.
import { readFileSync, statSync } from 'node:fs';
import { YardstickError } from '../spec/errors.js';

/** LiteLLM's full list is about 1.6 MB and OpenRouter's about 1 MB; 64 MiB leaves room for growth. */
export const maxPriceFileBytes = 64 * 1024 * 1024;

/** The file's text, or undefined when it does not exist and `optional` is set. */
interface ReadOptions {
  /** A missing file gives undefined instead of an error. */
  optional?: boolean;
  maxBytes?: number;
}

export function readPriceFile(
  filePath: string,
  options: ReadOptions & { optional: true },
): string | undefined;
export function readPriceFile(filePath: string, options?: ReadOptions & { optional?: false }): string;
export function readPriceFile(filePath: string, options: ReadOptions = {}): string | undefined {
  const maxBytes = options.maxBytes ?? maxPriceFileBytes;
  let size: number;
  try {
    const stats = statSync(filePath);
    if (!stats.isFile()) throw new YardstickError('E_CONFIG', `${filePath} is not a file`);
    size = stats.size;
  } catch (error) {
    if (error instanceof YardstickError) throw error;
    if (options.optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new YardstickError('E_CONFIG', `cannot read ${filePath}: ${(error as Error).message}`);
  }
  if (size > maxBytes) {
    throw new YardstickError(
      'E_CONFIG',
      `${filePath} is ${size} bytes, more than the ${maxBytes} a price list may have; is it the right file?`,
    );
  }
  return readFileSync(filePath, 'utf8');
}
