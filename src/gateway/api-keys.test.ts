import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStores } from '../store/sqlite/open-sqlite.js';
import { checkApiKey, createApiKey, hashKey, parseBudget, periodStart } from './api-keys.js';

const store = () =>
  openSqliteStores(path.join(mkdtempSync(path.join(tmpdir(), 'yardstick-keys-')), 'db.sqlite')).gateway;

describe('API keys', () => {
  it('stores only the hash and accepts the key until it expires', async () => {
    const keys = store();
    const now = Date.parse('2026-11-23T12:00:00Z');
    const { key, row } = await createApiKey(
      keys,
      { name: 'team-a', expiresAt: '2026-11-24T00:00:00.000Z' },
      new Date(now),
    );
    expect(key).toMatch(/^ys_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect((await keys.getKey(row.id))?.secretSha256).toBe(hashKey(key));
    expect(JSON.stringify(await keys.listKeys())).not.toContain(key);
    expect(await checkApiKey(keys, key, now)).toMatchObject({ ok: true, key: { name: 'team-a' } });
    expect(await checkApiKey(keys, key, Date.parse('2026-11-24T00:00:01Z'))).toEqual({
      ok: false,
      message: 'API key "team-a" expired at 2026-11-24T00:00:00.000Z',
    });
    expect(await checkApiKey(keys, `${key.slice(0, -1)}x`, now)).toEqual({
      ok: false,
      message: 'invalid API key',
    });
    expect(await checkApiKey(keys, 'sk-not-ours', now)).toEqual({ ok: false, message: 'invalid API key' });
    await keys.close();
  });

  it('parses budgets and the start of a budget period', async () => {
    expect(parseBudget('50/day')).toEqual({ usd: 50, period: 'day' });
    expect(parseBudget('$12.5 / month')).toEqual({ usd: 12.5, period: 'month' });
    expect(() => parseBudget('50')).toThrow(/e\.g\. 50\/day/);
    expect(periodStart('day', new Date('2026-11-23T17:45:00Z'))).toBe('2026-11-23T00:00:00.000Z');
    expect(periodStart('month', new Date('2026-11-23T17:45:00Z'))).toBe('2026-11-01T00:00:00.000Z');
  });

  it('gives the right period start whichever time was asked about before, across days, months and years', () => {
    const expected = (period: 'day' | 'month', at: number): string => {
      const date = new Date(at);
      const day = period === 'day' ? date.getUTCDate() : 1;
      return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), day)).toISOString();
    };
    const edges = ['2026-12-31T23:59:59.999Z', '2027-01-01T00:00:00.000Z', '2028-02-29T12:00:00.000Z'];
    const times = [...edges.map((edge) => Date.parse(edge))];
    let at = Date.parse('2026-01-30T22:00:00Z');
    // back and forth over about two years, by uneven steps, now and then back in time
    for (let step = 0; step < 3_000; step += 1) {
      at += ((step * 7_919) % 97) * 3_600_000 - (step % 11 === 0 ? 40 * 3_600_000 : 0);
      times.push(at, at - 1, at + 1);
    }
    for (const time of times) {
      expect(periodStart('day', time)).toBe(expected('day', time));
      expect(periodStart('month', new Date(time))).toBe(expected('month', time));
    }
  });

  it('refuses a name a live key already has, until that key is revoked, and a name that looks like an id', async () => {
    const keys = store();
    const { row } = await createApiKey(keys, { name: 'team-a' });
    await expect(createApiKey(keys, { name: 'team-a' })).rejects.toThrow(
      `a key named "team-a" already exists (id ${row.id}, created ${row.createdAt.slice(0, 10)}); choose another --name, or revoke that key first: yardstick keys revoke ${row.id}`,
    );
    expect(await keys.listKeys()).toHaveLength(1);
    expect(await keys.revokeKey(row.id, new Date().toISOString())).toBe(true);
    expect(await keys.revokeKey(row.id, new Date().toISOString())).toBe(false);
    expect((await createApiKey(keys, { name: 'team-a' })).row.name).toBe('team-a');
    await expect(createApiKey(keys, { name: '0123456789ab' })).rejects.toThrow(/looks like a key id/);
    await keys.close();
  });
});
