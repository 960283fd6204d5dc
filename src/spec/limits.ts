// Every bound on a size or count a user controls, in one place; docs/suite.md ("Limits") lists them for users.

const kib = 1024;
const mib = 1024 * kib;

export const limits = {
  /** Most calls in flight (suite `concurrency`, a model's `options.concurrency`, `--concurrency`). */
  maxConcurrency: 1000,
  /** Most repeats of a case (`repeat`, `--repeat`). */
  maxRepeat: 1000,
  /** Most repeats with `repeat: auto` (`maxRepeats`, `--max-repeats`). */
  maxMaxRepeats: 100,
  /** Longest per-attempt timeout (`options.timeoutMs`, a check's `timeoutMs`): a day. */
  maxTimeoutMs: 86_400_000,
  /** Most retries after the first attempt (`options.maxRetries`). */
  maxRetries: 100,
  /** Largest suite file, test file, `function:` module or `javascript` check file, checked before reading. */
  maxFileBytes: 64 * mib,
  /** Longest string anywhere in a suite or test file (a var, a prompt, an assertion value). */
  maxStringChars: 1 * mib,
  /** Longest response body (in characters) read from a model server; a longer answer is an error for its case. */
  maxResponseChars: 32 * mib,
  /** Longest output a `function:` model may return or a stream may deliver; held whole for the assertions. */
  maxOutputChars: 32 * mib,
  /** Longest output (and tool-call arguments, check reason) kept in the store; the rest is cut and marked. */
  maxStoredChars: 256 * kib,
  /** How long a `javascript` check may run unless it sets `timeoutMs`. */
  checkTimeoutMs: 10_000,
  /** How long one `regex` check may run on one output. */
  regexTimeoutMs: 1_000,
} as const;

/** `1 MiB`, `256 KiB`, `1000 bytes`: how the messages name a size limit. */
export const formatBytes = (bytes: number): string => {
  if (bytes >= mib && bytes % mib === 0) return `${bytes / mib} MiB`;
  if (bytes >= kib && bytes % kib === 0) return `${bytes / kib} KiB`;
  return `${bytes} bytes`;
};
