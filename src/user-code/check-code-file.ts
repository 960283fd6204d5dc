// Checks a file of the user's code before a worker imports it: it must be a regular file of a sane size, so
// `function:/dev/zero` or a FIFO is refused at once instead of being read forever.
import { statSync } from 'node:fs';
import { type ErrorCode, YardstickError } from '../spec/errors.js';
import { formatBytes, limits } from '../spec/limits.js';

/** Throws `code` naming `what` (e.g. `function provider`) and the file when it is missing, not a file, or too big. */
export const checkCodeFile = (file: string, what: string, code: ErrorCode = 'E_CONFIG'): void => {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(file);
  } catch {
    throw new YardstickError(code, `${what}: file not found: ${file} (paths are relative to the suite)`);
  }
  if (!stats.isFile()) {
    throw new YardstickError(code, `${what}: ${file} is not a regular file; point it at a JavaScript module`);
  }
  if (stats.size > limits.maxFileBytes) {
    throw new YardstickError(
      code,
      `${what}: ${file} is ${stats.size} bytes, over the ${formatBytes(limits.maxFileBytes)} limit for a module`,
    );
  }
};
