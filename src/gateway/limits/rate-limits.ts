// Per-key requests and tokens per minute, as a sliding minute (GCRA: the generic cell rate algorithm): a key may
// use its whole minute's allowance at once, then one request (or its tokens) frees up every 1/rpm of a minute,
// so a refusal can say exactly when the next one fits. The memory version here serves one gateway process; the
// Redis one (redis-limits.ts) runs the same arithmetic in a script, shared by replicas. Budgets are in
// budget-reservations.ts.
import type { ApiKeyRow } from '../../store/contract/gateway-store.js';

export type LimitCheck = { ok: true } | { ok: false; message: string; retryAfterMs: number };

/** A key's requests and tokens per minute. The memory version answers at once; a shared one, with a promise. */
export interface RateLimits {
  /** Lets a request in, counting it against the key's requests per minute, or says when the next one fits. */
  admit(key: ApiKeyRow, now: number): LimitCheck | Promise<LimitCheck>;
  /** Counts a finished call's tokens against the key's tokens per minute. */
  charge(key: ApiKeyRow, tokens: number, now: number): void | Promise<void>;
}

/** The memory version's answers, at once. */
export interface LocalRateLimits extends RateLimits {
  admit(key: ApiKeyRow, now: number): LimitCheck;
  charge(key: ApiKeyRow, tokens: number, now: number): void;
}

export const windowMs = 60_000;

/** The refusals' wording, the same whichever version counted. */
export const overTpm = (key: Pick<ApiKeyRow, 'name' | 'tpm'>): string =>
  `API key "${key.name}" is over its limit of ${key.tpm} tokens per minute`;
export const overRpm = (key: Pick<ApiKeyRow, 'name' | 'rpm'>): string =>
  `API key "${key.name}" is over its limit of ${key.rpm} requests per minute`;

const admitted: LimitCheck = { ok: true };

interface KeyRates {
  /** When the requests let in so far would all have freed up, at the key's rate (GCRA's theoretical arrival time). */
  requestsFreeAt: number;
  /** The same for the tokens charged. */
  tokensFreeAt: number;
}

export const createMemoryRateLimits = (): LocalRateLimits => {
  const rates = new Map<string, KeyRates>();
  const ratesOf = (key: ApiKeyRow): KeyRates => {
    let entry = rates.get(key.id);
    if (entry === undefined) {
      entry = { requestsFreeAt: 0, tokensFreeAt: 0 };
      rates.set(key.id, entry);
    }
    return entry;
  };

  return {
    admit(key: ApiKeyRow, now = Date.now()): LimitCheck {
      const entry = ratesOf(key);
      if (key.tpm !== null && entry.tokensFreeAt - now >= windowMs) {
        return {
          ok: false,
          message: overTpm(key),
          retryAfterMs: entry.tokensFreeAt - windowMs - now + 1,
        };
      }
      if (key.rpm !== null) {
        const interval = windowMs / key.rpm;
        const freeAt = Math.max(entry.requestsFreeAt, now) + interval;
        if (freeAt - now > windowMs) {
          return {
            ok: false,
            message: overRpm(key),
            retryAfterMs: freeAt - windowMs - now,
          };
        }
        entry.requestsFreeAt = freeAt;
      }
      return admitted;
    },
    charge(key: ApiKeyRow, tokens: number, now = Date.now()): void {
      if (key.tpm === null || tokens <= 0) return;
      const entry = ratesOf(key);
      entry.tokensFreeAt = Math.max(entry.tokensFreeAt, now) + (tokens * windowMs) / key.tpm;
    },
  };
};
