import { describe, expect, it } from 'vitest';
import { YardstickError } from '../spec/errors.js';
import { backoff, retryDelayMs, retryDelayWithin, withRetries } from './retry.js';

const retryable = (retryAfterMs?: number) =>
  new YardstickError('E_HTTP_SERVER', 'HTTP 500', { retryable: true, retryAfterMs });

const recordingSleep = () => {
  const delays: number[] = [];
  return { delays, sleep: async (delayMs: number) => void delays.push(delayMs) };
};

describe('withRetries', () => {
  it('returns the first success without sleeping', async () => {
    const { delays, sleep } = recordingSleep();
    await expect(withRetries(async () => 'ok', { sleep })).resolves.toBe('ok');
    expect(delays).toEqual([]);
  });

  it('retries retryable errors with exponential backoff and full jitter', async () => {
    const { delays, sleep } = recordingSleep();
    const attempts: number[] = [];
    const result = await withRetries(
      async (attemptNumber) => {
        attempts.push(attemptNumber);
        if (attemptNumber < 4) throw retryable();
        return 'done';
      },
      { sleep, random: () => 0.5, baseDelayMs: 100 },
    );
    expect(result).toBe('done');
    expect(attempts).toEqual([1, 2, 3, 4]);
    expect(delays).toEqual([50, 100, 200]);
  });

  it('caps the backoff at maxDelayMs', () => {
    const delay = retryDelayMs(retryable(), 20, {
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      random: () => 0.999,
    });
    expect(delay).toBeLessThan(30_000);
    expect(delay).toBeGreaterThan(29_000);
  });

  it('retries a 429 after the Retry-After delay, capped at 60 s', async () => {
    const { delays, sleep } = recordingSleep();
    let calls = 0;
    await withRetries(
      async () => {
        calls++;
        if (calls === 1)
          throw new YardstickError('E_HTTP_RATE_LIMIT', '429', { retryable: true, retryAfterMs: 2500 });
        if (calls === 2) throw retryable(600_000);
        return 'ok';
      },
      { sleep },
    );
    expect(delays).toEqual([2500, 60_000]);
  });

  it('does not retry errors that are not retryable', async () => {
    const { delays, sleep } = recordingSleep();
    let calls = 0;
    const failing = withRetries(
      async () => {
        calls++;
        throw new YardstickError('E_HTTP_AUTH', 'HTTP 401');
      },
      { sleep },
    );
    await expect(failing).rejects.toMatchObject({ code: 'E_HTTP_AUTH' });
    expect(calls).toBe(1);
    expect(delays).toEqual([]);
  });

  it('gives up after maxRetries and throws the last error', async () => {
    const { delays, sleep } = recordingSleep();
    let calls = 0;
    const failing = withRetries(
      async () => {
        calls++;
        throw retryable();
      },
      { sleep, maxRetries: 2 },
    );
    await expect(failing).rejects.toMatchObject({ code: 'E_HTTP_SERVER' });
    expect(calls).toBe(3);
    expect(delays).toHaveLength(2);
  });

  it('reports each retry through onRetry', async () => {
    const { sleep } = recordingSleep();
    const seen: [string, number, number][] = [];
    let calls = 0;
    await withRetries(
      async () => {
        if (++calls < 3) throw retryable(10);
        return 'ok';
      },
      { sleep, onRetry: (error, delayMs, attemptNumber) => seen.push([error.code, delayMs, attemptNumber]) },
    );
    expect(seen).toEqual([
      ['E_HTTP_SERVER', 10, 1],
      ['E_HTTP_SERVER', 10, 2],
    ]);
  });

  it('stops when the signal aborts during the wait', async () => {
    const controller = new AbortController();
    let calls = 0;
    const failing = withRetries(
      async () => {
        calls++;
        throw retryable(10_000);
      },
      { abortSignal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    await expect(failing).rejects.toMatchObject({ code: 'E_ABORTED' });
    expect(calls).toBe(1);
  });

  it('waits out a Retry-After that fits in the time left, and gives up at once on one that does not', () => {
    const options = { ...backoff, random: () => 0.5 };
    expect(retryDelayWithin(retryable(1_000), 1, 4_900, options)).toBe(1_000);
    // 120 s asked, 5 s left: no wait at all, and never a shortened one
    expect(retryDelayWithin(retryable(120_000), 1, 5_000, options)).toBeUndefined();
    // backoff with jitter: half of base × 2^(n-1) with random() = 0.5
    expect(retryDelayWithin(retryable(), 1, 5_000, options)).toBe(250);
    expect(retryDelayWithin(retryable(), 3, 5_000, options)).toBe(1_000);
    expect(retryDelayWithin(retryable(), 3, 999, options)).toBeUndefined();
  });
});
