import { describe, expect, it } from 'vitest';
import { createMemoryReservations } from './budget-reservations.js';

const tracedSpend = (spend: Record<string, number> = {}) => ({
  spendSince: async (keyId: string, since: string) => spend[`${keyId}@${since}`] ?? 0,
});

const key = { id: 'k1', budgetUsd: 1, budgetPeriod: 'day' as const };
const noon = Date.parse('2026-11-23T12:00:00Z');

describe('memory budget reservations', () => {
  it('lets holds in while spend plus holds stays within the budget, and refuses the one that would pass it', async () => {
    const reservations = createMemoryReservations(tracedSpend());
    const held = await Promise.all([0.3, 0.3, 0.3].map((usd) => reservations.reserve(key, usd, noon)));
    expect(held.every((outcome) => outcome.ok)).toBe(true);
    expect(await reservations.reserve(key, 0.2, noon)).toEqual({
      ok: false,
      spentUsd: 0,
      reservedUsd: expect.closeTo(0.9, 12),
      resetsAt: '2026-11-24T00:00:00.000Z',
    });
    expect((await reservations.reserve(key, 0.1, noon)).ok).toBe(true);
  });

  it('settles a hold to the real cost, and gives a released hold back whole', async () => {
    const reservations = createMemoryReservations(tracedSpend());
    const first = await reservations.reserve(key, 0.6, noon);
    const second = await reservations.reserve(key, 0.4, noon);
    if (!first.ok || !second.ok) throw new Error('expected both held');
    await reservations.settle(first.reservation, 0.25);
    await reservations.release(second.reservation);
    // 0.25 spent, nothing held: 0.75 is left, and not a cent more
    expect((await reservations.reserve(key, 0.75, noon)).ok).toBe(true);
    expect(await reservations.reserve(key, 0.01, noon)).toMatchObject({ ok: false, spentUsd: 0.25 });
  });

  it('starts from the spend traced in the window, and opens a new window with its own traced spend', async () => {
    const reservations = createMemoryReservations(
      tracedSpend({ 'k1@2026-11-23T00:00:00.000Z': 0.95, 'k1@2026-11-24T00:00:00.000Z': 0.1 }),
    );
    const late = await reservations.reserve(key, 0.1, noon);
    expect(late).toMatchObject({ ok: false, spentUsd: 0.95 });
    const small = await reservations.reserve(key, 0.05, noon);
    if (!small.ok) throw new Error('expected a hold');
    const tomorrow = Date.parse('2026-11-24T00:00:01Z');
    expect((await reservations.reserve(key, 0.9, tomorrow)).ok).toBe(true);
    // yesterday's request settles after midnight: it is traced yesterday, so today's window is not charged
    await reservations.settle(small.reservation, 0.05);
    expect(await reservations.reserve(key, 0.01, tomorrow)).toMatchObject({ ok: false, spentUsd: 0.1 });
  });

  it('says a monthly budget resets on the first of the next month', async () => {
    const reservations = createMemoryReservations(tracedSpend());
    const monthly = { id: 'k2', budgetUsd: 0.5, budgetPeriod: 'month' as const };
    expect(await reservations.reserve(monthly, 1, Date.parse('2026-12-31T23:00:00Z'))).toMatchObject({
      ok: false,
      resetsAt: '2027-01-01T00:00:00.000Z',
    });
  });

  it('reads the spend once for the first concurrent requests of a key, so they never race past the budget', async () => {
    let reads = 0;
    let finishRead: (spent: number) => void = () => {};
    const reservations = createMemoryReservations({
      spendSince: () => {
        reads += 1;
        return new Promise<number>((resolve) => {
          finishRead = resolve;
        });
      },
    });
    const pending = Array.from({ length: 10 }, () => reservations.reserve(key, 0.3, noon));
    // the store answers later: every request waits on the one read
    finishRead(0.2);
    const held = await Promise.all(pending);
    expect(reads).toBe(1);
    // 0.2 spent, 1 budget: two holds of 0.3 fit, the third would pass it
    expect(held.filter((outcome) => outcome.ok)).toHaveLength(2);
    await reservations.reserve(key, 0.1, noon);
    expect(reads).toBe(1);
  });

  it('reads the spend again after a failed read instead of remembering the failure', async () => {
    let reads = 0;
    const reservations = createMemoryReservations({
      spendSince: async () => {
        reads += 1;
        if (reads === 1) throw new Error('connection reset');
        return 0;
      },
    });
    await expect(reservations.reserve(key, 0.3, noon)).rejects.toThrow('connection reset');
    expect(await reservations.reserve(key, 0.3, noon)).toMatchObject({ ok: true });
    expect(reads).toBe(2);
  });
});
