// Budgets that cannot be overshot: each request holds (reserves) its largest possible cost before it is called,
// and is let in only if the key's spend plus what requests in flight hold stays within the budget; when its
// usage is known the hold is settled to the real cost, or released when the call failed. The memory version
// here serves one gateway process; redis-limits.ts implements the same interface, shared by replicas.
import type { ApiKeyRow, GatewayStore } from '../../store/contract/gateway-store.js';
import { nextPeriodStart, periodStart } from '../api-keys.js';

/** A request's hold on its key's budget, from admission until it is settled or released. */
export interface Reservation {
  keyId: string;
  amountUsd: number;
  /** The budget window the hold was taken in; a settlement after the window turned charges nothing to the new one. */
  periodStart: string;
  /** A shared (Redis) hold's id, so settling it twice counts it once. */
  holdId?: string;
}

export type Reserved =
  | { ok: true; reservation: Reservation }
  | {
      ok: false;
      /** Settled spend and what requests in flight hold, in the current window. */
      spentUsd: number;
      reservedUsd: number;
      /** When the window ends and the budget starts again (ISO time). */
      resetsAt: string;
    };

/** A key with a budget, as the reservations need it. */
export type BudgetedKey = Pick<ApiKeyRow, 'id'> & { budgetUsd: number; budgetPeriod: 'day' | 'month' };

export interface BudgetReservations {
  /** Holds `amountUsd` of the key's budget, or says why not (spent + held + amount would pass the budget). */
  reserve(key: BudgetedKey, amountUsd: number, now: number): Promise<Reserved>;
  /** Charges the real cost in place of the hold. */
  settle(reservation: Reservation, costUsd: number): Promise<void>;
  /** Gives the hold back: the call failed or was answered from the cache. */
  release(reservation: Reservation): Promise<void>;
}

interface Window {
  periodStart: string;
  spentUsd: number;
  reservedUsd: number;
}

// sums of many small amounts drift by a few ulps; a budget is never refused or passed by less than this
const epsilonUsd = 1e-12;

/**
 * Reservations in this process's memory. A key's spend starts from its traces in the store (so a restart does
 * not reset a budget), read once per key and window: the first requests of a key in a window wait for that one
 * read together, and every later one finds the window in memory without waiting.
 * @example
 * const reservations = createMemoryReservations(store);
 * const held = await reservations.reserve(key, 0.004, Date.now());
 * if (held.ok) await reservations.settle(held.reservation, 0.0031);
 */
export const createMemoryReservations = (store: Pick<GatewayStore, 'spendSince'>): BudgetReservations => {
  const windows = new Map<string, Window>();
  /** The spend read in progress per key, with the window it is for. */
  const reading = new Map<string, { periodStart: string; window: Promise<Window> }>();
  const load = (keyId: string, start: string): Promise<Window> => {
    const pending = reading.get(keyId);
    if (pending !== undefined && pending.periodStart === start) return pending.window;
    const window = store.spendSince(keyId, start).then(
      (spentUsd) => {
        if (reading.get(keyId)?.window === window) reading.delete(keyId);
        const existing = windows.get(keyId);
        if (existing !== undefined && existing.periodStart >= start) return existing;
        // requests still in flight from the last window are traced in it, so they hold nothing in this one
        const fresh = { periodStart: start, spentUsd, reservedUsd: 0 };
        windows.set(keyId, fresh);
        return fresh;
      },
      (error: unknown) => {
        // the next request reads again
        if (reading.get(keyId)?.window === window) reading.delete(keyId);
        throw error;
      },
    );
    reading.set(keyId, { periodStart: start, window });
    return window;
  };
  const windowOf = (key: BudgetedKey, now: number): Window | Promise<Window> => {
    const start = periodStart(key.budgetPeriod, now);
    const window = windows.get(key.id);
    return window !== undefined && window.periodStart === start ? window : load(key.id, start);
  };
  /** The window a reservation was taken in, if it is still the current one. */
  const current = (reservation: Reservation): Window | undefined => {
    const window = windows.get(reservation.keyId);
    return window?.periodStart === reservation.periodStart ? window : undefined;
  };
  const unhold = (window: Window, amountUsd: number): void => {
    window.reservedUsd = Math.max(0, window.reservedUsd - amountUsd);
  };
  return {
    async reserve(key, amountUsd, now) {
      const found = windowOf(key, now);
      // nothing is awaited between the check and the hold below, so two requests never both take the last dollar
      const window = found instanceof Promise ? await found : found;
      if (window.spentUsd + window.reservedUsd + amountUsd > key.budgetUsd + epsilonUsd) {
        return {
          ok: false,
          spentUsd: window.spentUsd,
          reservedUsd: window.reservedUsd,
          resetsAt: nextPeriodStart(key.budgetPeriod, new Date(now)),
        };
      }
      window.reservedUsd += amountUsd;
      return { ok: true, reservation: { keyId: key.id, amountUsd, periodStart: window.periodStart } };
    },
    async settle(reservation, costUsd) {
      const window = current(reservation);
      if (window === undefined) return;
      unhold(window, reservation.amountUsd);
      window.spentUsd += costUsd;
    },
    async release(reservation) {
      const window = current(reservation);
      if (window !== undefined) unhold(window, reservation.amountUsd);
    },
  };
};
