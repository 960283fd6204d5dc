// The shared limits' scripts against a real Redis: the same answers as the memory version, counted once across
// replicas, holds that settle once, spend seeded once per window, keys that expire, and the fail modes.
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { plainKey } from '../../store/contract/samples.contract.js';
import { GatewayError } from '../gateway-errors.js';
import { createMemoryReservations } from './budget-reservations.js';
import { type BudgetHold, createMemoryKeyLimits, type KeyAdmitted, type KeyLimits } from './key-limits.js';
import { createMemoryRateLimits } from './rate-limits.js';
import { createRedisKeyLimits, type FailMode } from './redis-limits.js';
import { openRedisLink, type RedisLink } from './redis-link.js';
import {
  keysUnder,
  randomPrefix,
  removePrefix,
  requireRedis,
  startRedisProxy,
  testRedisUrl,
} from './test-redis.js';

const redisUp = await requireRedis();

const key = plainKey;

// tomorrow at noon (UTC): keys expire by the clock the limits are given, so it must not be in the past
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const noon = Date.parse(`${tomorrow}T12:00:00Z`);
const dayAfter = new Date(noon + 86_400_000).toISOString().slice(0, 10);
const budgeted = key({ id: 'kb', budgetUsd: 1, budgetPeriod: 'day' });
const holdOf = (amountUsd: number): BudgetHold => ({
  budget: { id: budgeted.id, budgetUsd: 1, budgetPeriod: 'day' },
  amountUsd,
});

const links: RedisLink[] = [];
const prefixes: string[] = [];
afterEach(async () => {
  for (const link of links.splice(0)) await link.close();
  for (const prefix of prefixes.splice(0)) await removePrefix(prefix);
});

interface Replica {
  limits: KeyLimits;
  logs: string[];
  link: RedisLink;
}

/** A replica's limits: its own connection, the shared prefix; `spent` is what the store's traces say. */
const replica = async (
  prefix: string,
  options: {
    spent?: () => number;
    url?: string;
    onRedisDown?: { budgets: FailMode; rateLimits: FailMode };
    holdMs?: number;
  } = {},
): Promise<Replica> => {
  const logs: string[] = [];
  const link = openRedisLink({
    url: options.url ?? testRedisUrl,
    use: 'limits',
    timeoutMs: 1_000,
    log: (line) => logs.push(line),
  });
  links.push(link);
  if (options.url === undefined) expect(await link.ready(2_000)).toBe(true);
  const limits = createRedisKeyLimits({
    link,
    prefix,
    spendSince: options.spent ?? (() => 0),
    onRedisDown: options.onRedisDown ?? { budgets: 'closed', rateLimits: 'open' },
    ...(options.holdMs === undefined ? {} : { holdMs: options.holdMs }),
  });
  return { limits, logs, link };
};

const freshPrefix = (): string => {
  const prefix = randomPrefix();
  prefixes.push(prefix);
  return prefix;
};

const reservationOf = (admitted: KeyAdmitted) => {
  if (!admitted.ok || admitted.reservation === undefined) throw new Error('expected a hold');
  return admitted.reservation;
};

/**
 * Counts the script calls a replica makes from here on. Its scripts are run once first, on a key of their own,
 * so that a Redis that never ran them (a fresh CI machine) costs no NOSCRIPT retry in the count.
 */
const countScriptCalls = async ({ limits, link }: Replica): Promise<() => number> => {
  const warm = key({ id: 'kwarm', rpm: 5, budgetUsd: 1, budgetPeriod: 'day' });
  const held = await limits.admit(
    warm,
    { budget: { id: 'kwarm', budgetUsd: 1, budgetPeriod: 'day' }, amountUsd: 0.01 },
    noon,
  );
  await limits.settle(reservationOf(held), 0.01);
  let calls = 0;
  const send = link.client.sendCommand.bind(link.client);
  link.client.sendCommand = (command, stream) => {
    if (command.name === 'evalsha' || command.name === 'eval') calls += 1;
    return send(command, stream);
  };
  return () => calls;
};

describe.skipIf(!redisUp)('key limits in Redis', () => {
  it('answers a sequence of requests and tokens exactly as the memory version does', async () => {
    const shared = await replica(freshPrefix());
    const memory = createMemoryKeyLimits(
      createMemoryRateLimits(),
      createMemoryReservations({ spendSince: async () => 0 }),
    );
    const limited = key({ rpm: 7, tpm: 5_000 });
    const steps: Array<{ at: number; tokens?: number }> = [
      ...Array.from({ length: 9 }, (_, index) => ({ at: noon + index * 100 })),
      { at: noon + 1_000, tokens: 4_000 },
      { at: noon + 2_000, tokens: 3_000 },
      { at: noon + 3_000 },
      { at: noon + 9_000 },
      { at: noon + 40_000 },
      { at: noon + 75_000 },
    ];
    const decisions: boolean[] = [];
    for (const step of steps) {
      if (step.tokens !== undefined) {
        await shared.limits.charge(limited, step.tokens, step.at);
        await memory.charge(limited, step.tokens, step.at);
        continue;
      }
      const inRedis = await shared.limits.admit(limited, undefined, step.at);
      const inMemory = await memory.admit(limited, undefined, step.at);
      expect(inRedis.ok).toBe(inMemory.ok);
      decisions.push(inRedis.ok);
      if (!inRedis.ok && !inMemory.ok && inRedis.over === 'rate' && inMemory.over === 'rate') {
        expect(inRedis.message).toBe(inMemory.message);
        expect(inRedis.retryAfterMs).toBeCloseTo(inMemory.retryAfterMs, 0);
      }
    }
    // 7 of the first 9 in, refused by rpm, by tpm, then in again
    expect(decisions).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      true,
      true,
    ]);
  });

  it('lets exactly rpm requests in across replicas, then says when the next one fits', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await replica(prefix), await replica(prefix)];
    const limited = key({ rpm: 10 });
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        (index % 2 === 0 ? a : b).limits.admit(limited, undefined, noon),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(10);
    const refused = outcomes.find((outcome) => !outcome.ok);
    expect(refused).toMatchObject({ over: 'rate', retryAfterMs: 6_000 });
    expect((await a.limits.admit(limited, undefined, noon + 6_000)).ok).toBe(true);
  });

  it('answers the requests of one key that arrive together with one script call, each its own answer, in order', async () => {
    const shared = await replica(freshPrefix(), { spent: () => 0.3 });
    const scriptCalls = await countScriptCalls(shared);
    const limited = { ...budgeted, rpm: 30 };
    const other = key({ id: 'ko', rpm: 2 });
    // 40 requests of the budgeted key ($0.30 spent, holds of $0.10 and $0.25 in turn) and 5 of another key
    const outcomes = await Promise.all([
      ...Array.from({ length: 40 }, (_, index) =>
        shared.limits.admit(limited, holdOf(index % 2 === 0 ? 0.1 : 0.25), noon),
      ),
      ...Array.from({ length: 5 }, () => shared.limits.admit(other, undefined, noon)),
    ]);
    // in order: 0.1 (0.4), 0.25 (0.65), 0.1 (0.75), 0.25 (1.0), then only holds that fit: none of 0.25 or 0.1
    expect(outcomes.slice(0, 40).map((outcome) => outcome.ok)).toEqual([
      ...[true, true, true, true],
      ...Array.from({ length: 36 }, () => false),
    ]);
    expect(outcomes[4]).toMatchObject({ over: 'budget', spentUsd: 0.3, reservedUsd: 0.7 });
    expect(outcomes.slice(40).map((outcome) => outcome.ok)).toEqual([true, true, false, false, false]);
    // the budgeted key's window was seeded (its first call said so), then each key took one call
    expect(scriptCalls()).toBe(4);
    // settling them together is one call too, and counts each hold once
    const held = outcomes.slice(0, 4).map(reservationOf);
    // the first hold settled twice in the same call: counted once
    await Promise.all([
      ...held.map((reservation) => shared.limits.settle(reservation, 0.05)),
      shared.limits.settle(held[0] as NonNullable<(typeof held)[0]>, 0.05),
    ]);
    expect(scriptCalls()).toBe(5);
    expect(await shared.limits.admit(limited, holdOf(0.5), noon)).toMatchObject({ ok: true });
    expect(await shared.limits.admit(limited, holdOf(0.21), noon)).toMatchObject({
      over: 'budget',
      spentUsd: 0.5,
      reservedUsd: 0.5,
    });
  });

  it('splits a burst larger than one call takes into calls in arrival order, and still lets exactly rpm in', async () => {
    const shared = await replica(freshPrefix());
    const scriptCalls = await countScriptCalls(shared);
    const limited = key({ rpm: 1_000 });
    const outcomes = await Promise.all(
      Array.from({ length: 1_200 }, () => shared.limits.admit(limited, undefined, noon)),
    );
    // the first 1,000 to arrive are in, in order
    expect(outcomes.map((outcome) => outcome.ok)).toEqual(
      Array.from({ length: 1_200 }, (_, index) => index < 1_000),
    );
    expect(scriptCalls()).toBe(3);
  });

  it('seeds a window’s spend from the traces once, however many replicas ask at once, and never counts it twice', async () => {
    const prefix = freshPrefix();
    let reads = 0;
    const spent = () => {
      reads += 1;
      return 0.5;
    };
    const [a, b] = [await replica(prefix, { spent }), await replica(prefix, { spent })];
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 === 0 ? a : b).limits.admit(budgeted, holdOf(0.1), noon),
      ),
    );
    // $0.50 spent of $1: five holds of $0.10 fit
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(5);
    expect(reads).toBeLessThanOrEqual(2);
    expect(outcomes.find((outcome) => !outcome.ok)).toEqual({
      ok: false,
      over: 'budget',
      spentUsd: 0.5,
      reservedUsd: 0.5,
      resetsAt: `${dayAfter}T00:00:00.000Z`,
    });
  });

  it('settles a hold to the real cost once, however often it is settled, and gives a released hold back', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await replica(prefix), await replica(prefix)];
    const first = reservationOf(await a.limits.admit(budgeted, holdOf(0.6), noon));
    const second = reservationOf(await b.limits.admit(budgeted, holdOf(0.4), noon));
    expect((await a.limits.admit(budgeted, holdOf(0.01), noon)).ok).toBe(false);
    await a.limits.settle(first, 0.25);
    await b.limits.settle(first, 0.25);
    await b.limits.release(second);
    // $0.25 spent, nothing held: $0.75 left, to the nano-dollar
    expect((await b.limits.admit(budgeted, holdOf(0.76), noon)).ok).toBe(false);
    const last = await a.limits.admit(budgeted, holdOf(0.75), noon);
    expect(last.ok).toBe(true);
  });

  it('gives back the hold of a request that never settled once it expires, and still counts its cost if it does', async () => {
    const prefix = freshPrefix();
    const shared = await replica(prefix, { holdMs: 1_000 });
    const orphan = reservationOf(await shared.limits.admit(budgeted, holdOf(0.9), noon));
    expect((await shared.limits.admit(budgeted, holdOf(0.2), noon + 500)).ok).toBe(false);
    expect((await shared.limits.admit(budgeted, holdOf(0.2), noon + 1_001)).ok).toBe(true);
    await shared.limits.settle(orphan, 0.7);
    // $0.70 spent and $0.20 held
    expect(await shared.limits.admit(budgeted, holdOf(0.11), noon + 1_002)).toMatchObject({
      ok: false,
      spentUsd: 0.7,
      reservedUsd: 0.2,
    });
  });

  it('names every key under the prefix, the budget window in it, and lets each expire', async () => {
    const prefix = freshPrefix();
    const shared = await replica(prefix);
    const now = Date.now();
    const both = key({ id: 'kb', rpm: 60, budgetUsd: 1, budgetPeriod: 'day' });
    expect((await shared.limits.admit(both, holdOf(0.1), now)).ok).toBe(true);
    const day = new Date(now).toISOString().slice(0, 10);
    const keys = (await keysUnder(prefix)).sort();
    expect(keys).toEqual([
      `${prefix}{kb}:budget:${day}T00:00:00.000Z`,
      `${prefix}{kb}:holds:${day}T00:00:00.000Z`,
      `${prefix}{kb}:rate`,
    ]);
    const redis = new Redis(testRedisUrl);
    try {
      const ttls = await Promise.all(keys.map((name) => redis.pttl(name)));
      const dayEnd = Date.parse(`${day}T00:00:00.000Z`) + 86_400_000;
      // the budget's keys last until the day ends, plus the longest hold and a minute
      for (const ttl of ttls.slice(0, 2)) {
        expect(ttl).toBeGreaterThan(0);
        expect(now + ttl).toBeLessThanOrEqual(dayEnd + 16 * 60_000 + 1_000);
      }
      // the rate's until its one slot is free again
      expect(ttls[2]).toBeGreaterThan(0);
      expect(ttls[2]).toBeLessThanOrEqual(2_000 + 1_000);
    } finally {
      redis.disconnect();
    }
  });

  it('fails closed for budgets and open for rate limits while Redis is unreachable, by default, and quickly', async () => {
    const down = await replica(freshPrefix(), { url: 'redis://127.0.0.1:9/0' });
    const started = performance.now();
    const refused = await Promise.resolve(down.limits.admit(budgeted, holdOf(0.1), noon)).catch(
      (error) => error,
    );
    expect(refused).toBeInstanceOf(GatewayError);
    expect(refused).toMatchObject({ code: 'limits_unavailable', status: 503 });
    expect((await down.limits.admit(key({ rpm: 1 }), undefined, noon)).ok).toBe(true);
    // 64 at once share a script call that fails: each still gets its own answer, by its own fail mode
    const together = await Promise.all(
      Array.from({ length: 64 }, (_, index) =>
        Promise.resolve(
          index % 2 === 0
            ? down.limits.admit(budgeted, holdOf(0.1), noon)
            : down.limits.admit(key({ rpm: 1 }), undefined, noon),
        ).catch((error: unknown) => error),
      ),
    );
    together.forEach((outcome, index) => {
      if (index % 2 === 0) expect(outcome).toMatchObject({ code: 'limits_unavailable' });
      else expect(outcome).toMatchObject({ ok: true });
    });
    expect(performance.now() - started).toBeLessThan(500);
    expect(down.link.metricsText()).toContain('yardstick_redis_up{use="limits"} 0');
    expect(down.link.metricsText()).toMatch(/yardstick_redis_errors_total\{use="limits"\} [1-9]/);
    expect(down.logs.filter((line) => line.includes('unreachable'))).toHaveLength(1);
  });

  it('fails the other way round when gateway.yaml says so', async () => {
    const down = await replica(freshPrefix(), {
      url: 'redis://127.0.0.1:9/0',
      onRedisDown: { budgets: 'open', rateLimits: 'closed' },
    });
    expect((await down.limits.admit(budgeted, holdOf(0.1), noon)).ok).toBe(true);
    const refused = await Promise.resolve(down.limits.admit(key({ rpm: 1 }), undefined, noon)).catch(
      (error) => error,
    );
    expect(refused).toMatchObject({ code: 'limits_unavailable' });
  });

  it('keeps the settlements Redis could not take while it was down, and counts them once it is back', async () => {
    const prefix = freshPrefix();
    const proxy = await startRedisProxy();
    try {
      const shared = await replica(prefix, { url: proxy.url });
      expect(await shared.link.ready(2_000)).toBe(true);
      const held = reservationOf(await shared.limits.admit(budgeted, holdOf(0.5), noon));
      await proxy.cut();
      await shared.limits.settle(held, 0.4);
      expect(shared.limits.metricsText()).toContain('yardstick_redis_unsettled 1');
      await proxy.restore();
      const deadline = Date.now() + 5_000;
      while (shared.limits.metricsText().includes('unsettled 1') && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(shared.limits.metricsText()).toContain('yardstick_redis_unsettled 0');
      expect(await shared.limits.admit(budgeted, holdOf(0.7), noon)).toMatchObject({
        ok: false,
        spentUsd: 0.4,
        reservedUsd: 0,
      });
    } finally {
      await proxy.close();
    }
  });
});
