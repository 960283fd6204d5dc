// Per-key requests per minute, tokens per minute and spend per day or month. Counters live in memory (one
// gateway process); spend starts from the key's traces in the store, so a restart does not reset a budget.
import type { ApiKeyRow, GatewayStore } from '../store/gateway-store.js';
import { periodStart } from './api-keys.js';

export type LimitCheck = { ok: true } | { ok: false; message: string; retryAfterSeconds: number };

interface KeyCounters {
  minute: number;
  requests: number;
  tokens: number;
  periodStart: string;
  spentUsd: number;
}

const minuteOf = (now: number): number => Math.floor(now / 60_000);

export const createKeyLimits = (store: GatewayStore) => {
  const counters = new Map<string, KeyCounters>();

  const countersFor = (key: ApiKeyRow, now: number): KeyCounters => {
    const start = key.budgetPeriod ? periodStart(key.budgetPeriod, new Date(now)) : '';
    let entry = counters.get(key.id);
    if (!entry) {
      entry = { minute: minuteOf(now), requests: 0, tokens: 0, periodStart: start, spentUsd: 0 };
      if (key.budgetPeriod) entry.spentUsd = store.spendSince(key.id, start);
      counters.set(key.id, entry);
    }
    if (entry.minute !== minuteOf(now)) {
      entry.minute = minuteOf(now);
      entry.requests = 0;
      entry.tokens = 0;
    }
    if (key.budgetPeriod && entry.periodStart !== start) {
      entry.periodStart = start;
      entry.spentUsd = store.spendSince(key.id, start);
    }
    return entry;
  };

  const untilNextMinute = (now: number): number =>
    Math.max(1, Math.ceil(((minuteOf(now) + 1) * 60_000 - now) / 1000));
  const untilNextPeriod = (key: ApiKeyRow, now: number): number => {
    const date = new Date(now);
    const next =
      key.budgetPeriod === 'day'
        ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1)
        : Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    return Math.max(1, Math.ceil((next - now) / 1000));
  };

  return {
    /**
     * Admits a request or says why not. Spend is checked before the call and charged after it, so requests
     * already in flight when the budget runs out can overspend it by their own cost, and no more.
     */
    admit(key: ApiKeyRow, now = Date.now()): LimitCheck {
      const entry = countersFor(key, now);
      if (key.budgetUsd !== null && entry.spentUsd >= key.budgetUsd) {
        return {
          ok: false,
          message: `API key "${key.name}" has spent its budget of $${key.budgetUsd} per ${key.budgetPeriod} ($${entry.spentUsd.toFixed(4)} spent)`,
          retryAfterSeconds: untilNextPeriod(key, now),
        };
      }
      if (key.rpm !== null && entry.requests >= key.rpm) {
        return {
          ok: false,
          message: `API key "${key.name}" is over its limit of ${key.rpm} requests per minute`,
          retryAfterSeconds: untilNextMinute(now),
        };
      }
      if (key.tpm !== null && entry.tokens >= key.tpm) {
        return {
          ok: false,
          message: `API key "${key.name}" is over its limit of ${key.tpm} tokens per minute`,
          retryAfterSeconds: untilNextMinute(now),
        };
      }
      entry.requests += 1;
      return { ok: true };
    },
    /** Charges a finished call's tokens and cost to the key. */
    charge(key: ApiKeyRow, tokens: number, costUsd: number | null, now = Date.now()): void {
      const entry = countersFor(key, now);
      entry.tokens += tokens;
      if (costUsd !== null) entry.spentUsd += costUsd;
    },
  };
};

export type KeyLimits = ReturnType<typeof createKeyLimits>;
