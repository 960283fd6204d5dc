// What the admit step asks of a key's limits: let a request in under its requests and tokens per minute and hold
// its largest cost against the budget, both or neither; later charge its tokens and settle (or release) the hold.
// The memory version composes rate-limits.ts and budget-reservations.ts; redis-limits.ts does both in one script.
import type { ApiKeyRow } from '../../store/contract/gateway-store.js';
import type { BudgetedKey, BudgetReservations, Reservation } from './budget-reservations.js';
import type { LimitCheck, LocalRateLimits } from './rate-limits.js';

/** The part of a key's budget a request asks to hold. */
export interface BudgetHold {
  budget: BudgetedKey;
  amountUsd: number;
}

export type KeyAdmitted =
  | { ok: true; reservation: Reservation | undefined }
  | { ok: false; over: 'rate'; message: string; retryAfterMs: number }
  | {
      ok: false;
      over: 'budget';
      /** Settled spend and what requests in flight hold, in the current window. */
      spentUsd: number;
      reservedUsd: number;
      /** When the window ends and the budget starts again (ISO time). */
      resetsAt: string;
    };

export interface KeyLimits {
  /**
   * Lets a request in under the key's rates and holds `hold` of its budget, or neither. The memory version
   * answers a key without a budget at once (no promise on the hot path); a shared one always with a promise.
   */
  admit(key: ApiKeyRow, hold: BudgetHold | undefined, now: number): KeyAdmitted | Promise<KeyAdmitted>;
  /** Counts a finished call's tokens against the key's tokens per minute. */
  charge(key: ApiKeyRow, tokens: number, now: number): void | Promise<void>;
  /** Charges the real cost in place of the hold. */
  settle(reservation: Reservation, costUsd: number): Promise<void>;
  /** Gives the hold back: the call failed or was answered from the cache. */
  release(reservation: Reservation): Promise<void>;
  /** `/metrics` lines of a shared version (its connection); empty in memory. */
  metricsText(): string;
}

const admittedWithoutHold: KeyAdmitted = { ok: true, reservation: undefined };

const refusedByRate = (check: Extract<LimitCheck, { ok: false }>): KeyAdmitted => ({
  ok: false,
  over: 'rate',
  message: check.message,
  retryAfterMs: check.retryAfterMs,
});

/**
 * Limits in this process's memory: rates counted here, holds in `reservations` (memory, or any other).
 * @example
 * const limits = createMemoryKeyLimits(createMemoryRateLimits(), createMemoryReservations(store));
 * const admitted = await limits.admit(key, { budget, amountUsd: 0.004 }, Date.now());
 */
export const createMemoryKeyLimits = (
  rates: LocalRateLimits,
  reservations: BudgetReservations,
): KeyLimits => {
  const holdThenAdmit = async (key: ApiKeyRow, hold: BudgetHold, now: number): Promise<KeyAdmitted> => {
    const held = await reservations.reserve(hold.budget, hold.amountUsd, now);
    if (!held.ok) return { over: 'budget', ...held };
    const checked = rates.admit(key, now);
    if (checked.ok) return { ok: true, reservation: held.reservation };
    await reservations.release(held.reservation);
    return refusedByRate(checked);
  };
  return {
    admit(key, hold, now) {
      if (hold !== undefined) return holdThenAdmit(key, hold, now);
      const checked = rates.admit(key, now);
      return checked.ok ? admittedWithoutHold : refusedByRate(checked);
    },
    charge: (key, tokens, now) => rates.charge(key, tokens, now),
    settle: (reservation, costUsd) => reservations.settle(reservation, costUsd),
    release: (reservation) => reservations.release(reservation),
    metricsText: () => '',
  };
};
