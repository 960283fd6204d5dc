// The one retry policy of the runner and the gateway: exponential backoff with full jitter between retries,
// Retry-After honoured when the server gives it.
import { YardstickError } from '../spec/errors.js';

/** Backoff of the runner's and the gateway's retries: retry n waits a random time below base × 2^(n-1), capped. */
export const backoff = { baseDelayMs: 500, maxDelayMs: 30_000 } as const;

export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  abortSignal?: AbortSignal;
  onRetry?: (error: YardstickError, delayMs: number, attemptNumber: number) => void;
  /** Injectable for tests; must reject when the signal aborts. */
  sleep?: (delayMs: number, abortSignal?: AbortSignal) => Promise<void>;
  /** Injectable for tests; returns a number in [0, 1). */
  random?: () => number;
}

const maxRetryAfterMs = 60_000;

export const abortableSleep = (delayMs: number, abortSignal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (abortSignal?.aborted === true) {
      reject(abortedError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      abortSignal?.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    abortSignal?.addEventListener('abort', onAbort, { once: true });
  });

// A function, not an inline check: TypeScript would keep `aborted` narrowed to false across the await.
const isAborted = (signal: AbortSignal | undefined): boolean => signal?.aborted === true;

const abortedError = (): YardstickError => new YardstickError('E_ABORTED', 'the call was aborted');

/** Delay before retry number `retryNumber` (1-based): Retry-After when given, else full jitter. */
export const retryDelayMs = (
  error: YardstickError,
  retryNumber: number,
  options: { baseDelayMs: number; maxDelayMs: number; random: () => number },
): number => {
  if (error.retryAfterMs !== undefined) return Math.min(Math.max(error.retryAfterMs, 0), maxRetryAfterMs);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retryNumber - 1));
  return Math.floor(options.random() * ceiling);
};

/**
 * The wait before retry number `retryNumber` (1-based) when the retry must start within `withinMs` (the gateway:
 * what is left of the route's timeout), or undefined when it does not fit, so the caller moves on at once (to
 * the next target) instead. Retry-After is honoured as the server gave it, never shortened to fit.
 */
export const retryDelayWithin = (
  error: YardstickError,
  retryNumber: number,
  withinMs: number,
  options: { baseDelayMs: number; maxDelayMs: number; random: () => number },
): number | undefined => {
  const delayMs =
    error.retryAfterMs !== undefined
      ? Math.max(error.retryAfterMs, 0)
      : retryDelayMs(error, retryNumber, options);
  return delayMs <= withinMs ? delayMs : undefined;
};

/**
 * @example
 * const result = await withRetries((attempt) => model.generate(options), { maxRetries: 4, abortSignal });
 */
export const withRetries = async <T>(
  attempt: (attemptNumber: number) => Promise<T>,
  {
    maxRetries = 4,
    baseDelayMs = backoff.baseDelayMs,
    maxDelayMs = backoff.maxDelayMs,
    abortSignal,
    onRetry,
    sleep = abortableSleep,
    random = Math.random,
  }: RetryOptions = {},
): Promise<T> => {
  for (let attemptNumber = 1; ; attemptNumber++) {
    if (isAborted(abortSignal)) throw abortedError();
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      const retryable = error instanceof YardstickError && error.retryable;
      if (!retryable || attemptNumber > maxRetries || isAborted(abortSignal)) throw error;
      const delayMs = retryDelayMs(error, attemptNumber, { baseDelayMs, maxDelayMs, random });
      onRetry?.(error, delayMs, attemptNumber);
      await sleep(delayMs, abortSignal);
    }
  }
};
