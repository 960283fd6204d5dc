// Key limits shared by every gateway replica through Redis: the same GCRA rates as rate-limits.ts and the same
// budget holds as budget-reservations.ts, counted by atomic scripts (redis-scripts.ts), one round trip per
// admission, shared by the requests of a key that arrive in the same event-loop turn. Keys are
// `<prefix>{<key id>}:rate`, `…:budget:<window start>` and `…:holds:<window start>`; each expires once it no
// longer matters. While Redis is down, budgets fail closed and rate limits open, by default.
import { randomBytes } from 'node:crypto';
import type { Result } from 'ioredis';
import type { ApiKeyRow } from '../../store/contract/gateway-store.js';
import { nextPeriodStart, periodStart } from '../api-keys.js';
import { GatewayError } from '../gateway-errors.js';
import type { Reservation } from './budget-reservations.js';
import type { BudgetHold, KeyAdmitted, KeyLimits } from './key-limits.js';
import { overRpm, overTpm, windowMs } from './rate-limits.js';
import type { RedisLink } from './redis-link.js';
import { admitScript, chargeScript, seedScript, settleScript } from './redis-scripts.js';

export type FailMode = 'open' | 'closed';

export interface RedisLimitsOptions {
  link: RedisLink;
  /** Namespace of every key, e.g. `yardstick:`. */
  prefix: string;
  /** Where a window's spend starts from when no replica has counted it yet (the store's traces). */
  spendSince: (keyId: string, since: string) => Promise<number> | number;
  onRedisDown: { budgets: FailMode; rateLimits: FailMode };
  /** How long a hold lasts if its request never settles (its replica died). */
  holdMs?: number;
}

/** Integer nano-dollars: exact to sum and compare; a tolerance absorbs float noise such as 0.30000000000000004. */
const toNanos = (usd: number, round: (value: number) => number): number => round(usd * 1e9);
const holdNanos = (usd: number): number => Math.max(0, Math.ceil(usd * 1e9 - 1e-6));
const fromNanos = (nanos: string): number => Number(nanos) / 1e9;

type ScriptArgument = string | number;

// the scripts as commands of the client (ioredis' defineCommand), typed the way its documentation shows
declare module 'ioredis' {
  interface RedisCommander<Context> {
    yardstickAdmit(...args: ScriptArgument[]): Result<unknown, Context>;
    yardstickSeed(...args: ScriptArgument[]): Result<unknown, Context>;
    yardstickSettle(...args: ScriptArgument[]): Result<unknown, Context>;
    yardstickCharge(...args: ScriptArgument[]): Result<unknown, Context>;
  }
}

const stringsOf = (reply: unknown): string[] => {
  if (!Array.isArray(reply) || !reply.every((part) => typeof part === 'string')) {
    throw new Error(`unexpected reply from the admission script: ${JSON.stringify(reply)}`);
  }
  return reply;
};

const unavailable = (what: string): GatewayError =>
  new GatewayError(
    'limits_unavailable',
    `the gateway cannot check this key's ${what} right now: the Redis that counts them for every replica is unreachable; retry shortly`,
    { headers: { 'retry-after': '1' } },
  );

/**
 * @example
 * const link = openRedisLink({ url: 'redis://127.0.0.1:6379/0', use: 'limits', timeoutMs: 50, log });
 * const limits = createRedisKeyLimits({ link, prefix: 'yardstick:', spendSince, onRedisDown: { budgets: 'closed', rateLimits: 'open' } });
 */
export const createRedisKeyLimits = (options: RedisLimitsOptions): KeyLimits => {
  const { link, prefix, onRedisDown } = options;
  const holdMs = options.holdMs ?? 15 * 60_000;
  const scripts = link.client;
  link.client.defineCommand('yardstickAdmit', { lua: admitScript, numberOfKeys: 3 });
  link.client.defineCommand('yardstickSeed', { lua: seedScript, numberOfKeys: 1 });
  link.client.defineCommand('yardstickSettle', { lua: settleScript, numberOfKeys: 2 });
  link.client.defineCommand('yardstickCharge', { lua: chargeScript, numberOfKeys: 1 });
  // hold ids: this process's random part and a counter
  const processId = randomBytes(6).toString('hex');
  let holds = 0;
  // one store read per key and window in this process, however many requests ask at once
  const seeding = new Map<string, Promise<void>>();
  // settlements Redis did not take while it was down, replayed when it is back (a hold settles once however often)
  const unsettled: Array<{ reservation: Reservation; costUsd: number }> = [];
  const maxUnsettled = 100_000;
  let droppedSettlements = 0;

  const keyOf = (keyId: string, part: string): string => `${prefix}{${keyId}}:${part}`;
  const windowKeys = (keyId: string, start: string) =>
    [keyOf(keyId, `budget:${start}`), keyOf(keyId, `holds:${start}`)] as const;
  const expiresAtOf = (period: 'day' | 'month', now: number): number =>
    Date.parse(nextPeriodStart(period, new Date(now))) + holdMs + 60_000;

  const seed = (key: ApiKeyRow & { budgetPeriod: 'day' | 'month' }, start: string, now: number) => {
    const [budgetKey] = windowKeys(key.id, start);
    let running = seeding.get(budgetKey);
    if (running === undefined) {
      running = (async () => {
        let spent: number;
        try {
          spent = await options.spendSince(key.id, start);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new GatewayError('internal_error', `cannot read the key's spend from the store: ${reason}`);
        }
        const expiresAt = expiresAtOf(key.budgetPeriod, now);
        await link.run(() => scripts.yardstickSeed(budgetKey, toNanos(spent, Math.round), expiresAt));
      })().finally(() => seeding.delete(budgetKey));
      seeding.set(budgetKey, running);
    }
    return running;
  };

  // Admissions of one key and window that arrive in the same event-loop turn go to Redis in one script call
  // (redis-scripts.ts): at a few thousand requests a second, the client's work per command and the round trip
  // cost more than the script. A request waits at most for the end of the turn it arrived in.
  interface Waiting<T> {
    resolve: (value: T) => void;
    reject: (error: unknown) => void;
  }
  interface AdmissionGroup {
    keys: readonly [string, string, string];
    /** A budgeted key in the group, to seed the window's spend from, and its window. */
    seedFrom: { key: ApiKeyRow & { budgetPeriod: 'day' | 'month' }; start: string; now: number } | undefined;
    expiresAt: number;
    args: ScriptArgument[];
    waiting: Array<Waiting<string[]>>;
  }
  interface SettlementGroup {
    keys: readonly [string, string];
    args: ScriptArgument[];
    waiting: Array<Waiting<void> & { reservation: Reservation; costUsd: number }>;
  }
  // at most this many requests per call: a script's arguments are spread into one function call, and one
  // call holds Redis for its whole run
  const maxBatch = 500;
  let admissionGroups = new Map<string, AdmissionGroup>();
  let settlementGroups = new Map<string, SettlementGroup>();
  let flushing = false;

  const admitGroup = async (group: AdmissionGroup): Promise<void> => {
    const call = (): Promise<unknown> =>
      link.run(() => scripts.yardstickAdmit(...group.keys, windowMs, group.expiresAt, ...group.args));
    try {
      let reply = await call();
      if (Array.isArray(reply) && reply[0] === 'seed' && group.seedFrom) {
        const { key, start, now } = group.seedFrom;
        await seed(key, start, now);
        reply = await call();
      }
      if (!Array.isArray(reply) || reply.length !== group.waiting.length) {
        throw new Error(`unexpected reply from the admission script: ${JSON.stringify(reply)}`);
      }
      const answers = reply.map(stringsOf);
      for (const [index, waiting] of group.waiting.entries()) waiting.resolve(answers[index] as string[]);
    } catch (error) {
      for (const waiting of group.waiting) waiting.reject(error);
    }
  };

  const settleGroup = async (group: SettlementGroup): Promise<void> => {
    try {
      await link.run(() => scripts.yardstickSettle(...group.keys, ...group.args));
    } catch {
      for (const { reservation, costUsd } of group.waiting) {
        if (unsettled.length >= maxUnsettled) {
          unsettled.shift();
          droppedSettlements += 1;
        }
        unsettled.push({ reservation, costUsd });
      }
    }
    for (const waiting of group.waiting) waiting.resolve();
  };

  const flush = (): void => {
    flushing = false;
    const admissions = admissionGroups;
    const settlements = settlementGroups;
    admissionGroups = new Map();
    settlementGroups = new Map();
    for (const group of settlements.values()) void settleGroup(group);
    for (const group of admissions.values()) void admitGroup(group);
  };
  const flushSoon = (): void => {
    if (flushing) return;
    flushing = true;
    setImmediate(flush);
  };

  const admitInRedis = async (key: ApiKeyRow, hold: BudgetHold | undefined, now: number) => {
    const budget = hold?.budget;
    const start = budget ? periodStart(budget.budgetPeriod, now) : '';
    const [budgetKey, holdsKey] = windowKeys(key.id, start);
    holds += 1;
    const holdId = `${processId}.${holds}`;
    let group = admissionGroups.get(budgetKey);
    if (group === undefined) {
      group = {
        keys: [keyOf(key.id, 'rate'), budgetKey, holdsKey],
        seedFrom: undefined,
        expiresAt: 0,
        args: [],
        waiting: [],
      };
      admissionGroups.set(budgetKey, group);
    }
    if (budget && group.seedFrom === undefined) {
      group.seedFrom = { key: { ...key, budgetPeriod: budget.budgetPeriod }, start, now };
    }
    if (budget) group.expiresAt = Math.max(group.expiresAt, expiresAtOf(budget.budgetPeriod, now));
    group.args.push(
      now,
      key.rpm ?? 0,
      key.tpm ?? 0,
      hold ? holdNanos(hold.amountUsd) : -1,
      budget ? toNanos(budget.budgetUsd, (value) => Math.floor(value + 1e-6)) : 0,
      holdId,
      now + holdMs,
    );
    const full = group;
    const reply = new Promise<string[]>((resolve, reject) => full.waiting.push({ resolve, reject }));
    if (full.waiting.length < maxBatch) flushSoon();
    else {
      // a full call goes now; the key's next requests start another, sent after it
      admissionGroups.delete(budgetKey);
      void admitGroup(full);
    }
    return { reply: await reply, start, holdId };
  };

  const decide = async (key: ApiKeyRow, hold: BudgetHold | undefined, now: number): Promise<KeyAdmitted> => {
    let answer: Awaited<ReturnType<typeof admitInRedis>>;
    try {
      answer = await admitInRedis(key, hold, now);
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      if (hold !== undefined && onRedisDown.budgets === 'closed') throw unavailable('budget');
      if ((key.rpm !== null || key.tpm !== null) && onRedisDown.rateLimits === 'closed')
        throw unavailable('rate limits');
      // let in: its cost is still added to the window's spend once Redis is back
      const start = hold ? periodStart(hold.budget.budgetPeriod, now) : '';
      return {
        ok: true,
        reservation: hold ? { keyId: key.id, amountUsd: 0, periodStart: start } : undefined,
      };
    }
    const { reply, start, holdId } = answer;
    const [verdict, first = '0', second = '0'] = reply;
    if (verdict === 'ok') {
      return {
        ok: true,
        reservation: hold
          ? { keyId: key.id, amountUsd: hold.amountUsd, periodStart: start, holdId }
          : undefined,
      };
    }
    if (verdict === 'budget' && hold) {
      return {
        ok: false,
        over: 'budget',
        spentUsd: fromNanos(first),
        reservedUsd: fromNanos(second),
        resetsAt: nextPeriodStart(hold.budget.budgetPeriod, new Date(now)),
      };
    }
    if (verdict === 'tpm' || verdict === 'rpm') {
      return {
        ok: false,
        over: 'rate',
        message: verdict === 'tpm' ? overTpm(key) : overRpm(key),
        retryAfterMs: Number(first),
      };
    }
    throw new Error(`unexpected reply from the admission script: ${reply.join(' ')}`);
  };

  const settleInRedis = (reservation: Reservation, costUsd: number): Promise<void> => {
    // let in while Redis was down, with nothing to count
    if (reservation.holdId === undefined && costUsd <= 0) return Promise.resolve();
    const [budgetKey, holdsKey] = windowKeys(reservation.keyId, reservation.periodStart);
    let group = settlementGroups.get(budgetKey);
    if (group === undefined) {
      group = { keys: [budgetKey, holdsKey], args: [], waiting: [] };
      settlementGroups.set(budgetKey, group);
    }
    group.args.push(reservation.holdId ?? '', toNanos(Math.max(0, costUsd), Math.round));
    const full = group;
    const settled = new Promise<void>((resolve, reject) =>
      full.waiting.push({ resolve, reject, reservation, costUsd }),
    );
    if (full.waiting.length < maxBatch) flushSoon();
    else {
      settlementGroups.delete(budgetKey);
      void settleGroup(full);
    }
    return settled;
  };

  link.onBack(() => {
    const replay = unsettled.splice(0);
    void (async () => {
      for (const { reservation, costUsd } of replay) await settleInRedis(reservation, costUsd);
    })();
  });

  const admittedWithoutLimits: KeyAdmitted = { ok: true, reservation: undefined };
  return {
    admit(key, hold, now) {
      if (hold === undefined && key.rpm === null && key.tpm === null) return admittedWithoutLimits;
      return decide(key, hold, now);
    },
    async charge(key, tokens, now) {
      if (key.tpm === null || tokens <= 0) return;
      try {
        await link.run(() =>
          scripts.yardstickCharge(keyOf(key.id, 'rate'), now, windowMs, key.tpm ?? 1, tokens),
        );
      } catch {
        // tokens per minute fail open: uncounted while Redis is down (counted in the errors metric)
      }
    },
    settle: settleInRedis,
    release: (reservation) => settleInRedis(reservation, 0),
    metricsText: () =>
      `yardstick_redis_unsettled ${unsettled.length}\nyardstick_redis_unsettled_dropped_total ${droppedSettlements}\n`,
  };
};
