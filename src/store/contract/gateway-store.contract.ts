// The gateway's part of the store contract: keys (unique live names, revocation, key versions) and traces.
// Registered by describeStoreContract (stores.contract.ts) for each engine, on fresh stores per case.
import { beforeEach, describe, expect, it } from 'vitest';
import { collect, sampleKey, sampleTrace } from './samples.contract.js';
import type { Stores } from './stores.js';

export const gatewayStoreCases = (current: () => Stores): void => {
  let stores: Stores;
  beforeEach(() => {
    stores = current();
  });

  describe('gateway keys', () => {
    it('keeps live key names unique, and frees a name when its key is revoked', async () => {
      const { gateway } = stores;
      expect(await gateway.insertKey(sampleKey())).toEqual({ inserted: true });
      const again = await gateway.insertKey(sampleKey({ id: 'k2' }));
      expect(again).toMatchObject({ inserted: false, sameName: { id: 'k1', name: 'team-a' } });
      expect(await gateway.getKey('k2')).toBeUndefined();
      expect(await gateway.getKey('k1')).toEqual(sampleKey());
      expect(await gateway.revokeKey('k1', '2026-11-02T00:00:00.000Z')).toBe(true);
      expect(await gateway.revokeKey('k1', '2026-11-03T00:00:00.000Z')).toBe(false);
      expect(await gateway.revokeKey('missing', '2026-11-03T00:00:00.000Z')).toBe(false);
      expect(await gateway.insertKey(sampleKey({ id: 'k2', createdAt: '2026-11-02T00:00:00.000Z' }))).toEqual(
        {
          inserted: true,
        },
      );
      const keys = await gateway.listKeys();
      expect(keys.map((key) => [key.id, key.revokedAt])).toEqual([
        ['k1', '2026-11-02T00:00:00.000Z'],
        ['k2', null],
      ]);
    });

    it('changes keysVersion on every key insert and revoke', async () => {
      const { gateway } = stores;
      const versions = [await gateway.keysVersion()];
      await gateway.insertKey(sampleKey());
      versions.push(await gateway.keysVersion());
      await gateway.revokeKey('k1', '2026-11-02T00:00:00.000Z');
      versions.push(await gateway.keysVersion());
      await gateway.insertKey(sampleKey({ id: 'k2', name: 'team-b' }));
      versions.push(await gateway.keysVersion());
      expect(new Set(versions).size).toBe(4);
    });
  });

  describe('gateway traces', () => {
    it('skips a trace already stored and lists newest first by filter', async () => {
      const { gateway } = stores;
      await gateway.insertTraces([
        sampleTrace({ id: 'a', startedAt: '2026-11-01T10:00:00.000Z' }),
        sampleTrace({ id: 'b', startedAt: '2026-11-01T10:01:00.000Z', route: 'classify', status: 502 }),
        sampleTrace({ id: 'c', startedAt: '2026-11-01T10:02:00.000Z', keyName: 'team-b', keyId: 'k2' }),
      ]);
      // a replayed batch: the stored trace wins, the new one is added
      await gateway.insertTraces([
        sampleTrace({ id: 'a', status: 500 }),
        sampleTrace({ id: 'd', startedAt: '2026-11-01T10:03:00.000Z' }),
      ]);
      await gateway.insertTraces([]);
      expect(await gateway.countTraces()).toBe(4);
      const ids = async (filter: Parameters<typeof gateway.traces>[0]) =>
        (await collect(gateway.traces(filter))).map((trace) => trace.id);
      expect(await ids({})).toEqual(['d', 'c', 'b', 'a']);
      expect(await ids({ limit: 2 })).toEqual(['d', 'c']);
      expect(await ids({ since: '2026-11-01T10:01:00.000Z' })).toEqual(['d', 'c', 'b']);
      expect(await ids({ route: 'classify' })).toEqual(['b']);
      expect(await ids({ keyName: 'team-b' })).toEqual(['c']);
      expect(await ids({ errorsOnly: true })).toEqual(['b']);
      const [first] = await collect(gateway.traces({ route: 'classify' }));
      expect(first).toEqual(
        sampleTrace({ id: 'b', startedAt: '2026-11-01T10:01:00.000Z', route: 'classify', status: 502 }),
      );
    });

    it('sums a key’s spend since a time from its traces', async () => {
      await stores.gateway.insertTraces([
        sampleTrace({ id: 'a', startedAt: '2026-11-01T10:00:00.000Z', costUsd: 0.5 }),
        sampleTrace({ id: 'b', startedAt: '2026-11-02T10:00:00.000Z', costUsd: 0.25 }),
        sampleTrace({ id: 'c', startedAt: '2026-11-02T11:00:00.000Z', costUsd: null }),
        sampleTrace({ id: 'd', startedAt: '2026-11-02T12:00:00.000Z', costUsd: 1, keyId: 'k2' }),
      ]);
      expect(await stores.gateway.spendSince('k1', '2026-11-02T00:00:00.000Z')).toBe(0.25);
      expect(await stores.gateway.spendSince('k1', '2026-11-01T00:00:00.000Z')).toBe(0.75);
      expect(await stores.gateway.spendSince('nobody', '2026-11-01T00:00:00.000Z')).toBe(0);
    });
  });
};
