import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStores } from '../../store/sqlite/open-sqlite.js';
import { createApiKey } from '../api-keys.js';
import { GatewayError } from '../gateway-errors.js';
import { createAuthenticate } from './authenticate.js';

const fresh = () => {
  const store = openSqliteStores(
    path.join(mkdtempSync(path.join(tmpdir(), 'yardstick-auth-')), 'db.sqlite'),
  ).gateway;
  return { store, authenticate: createAuthenticate(store) };
};

const refusal = async (run: () => Promise<unknown>): Promise<GatewayError> => {
  try {
    await run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('the authenticate step', () => {
  it('accepts a key as a bearer token or as x-api-key, and returns its row', async () => {
    const { store, authenticate } = fresh();
    const { key, row } = await createApiKey(store, { name: 'team-a' });
    expect(await authenticate({ authorization: `Bearer ${key}` })).toEqual(row);
    expect(await authenticate({ 'x-api-key': key })).toEqual(row);
    await store.close();
  });

  it('refuses a missing, unknown, revoked or expired key with 401 saying which', async () => {
    const { store, authenticate } = fresh();
    const { key } = await createApiKey(store, { name: 'team-a' });
    const missing = await refusal(() => authenticate({}));
    expect([missing.status, missing.code]).toEqual([401, 'invalid_api_key']);
    expect(missing.message).toMatch(/missing API key/);
    expect(
      (await refusal(() => authenticate({ authorization: `Bearer ${key.slice(0, -2)}xx` }))).message,
    ).toBe('invalid API key');
    const expiring = await createApiKey(store, { name: 'short', expiresAt: '2030-01-01T00:00:00.000Z' });
    expect(
      (await refusal(() => authenticate({ 'x-api-key': expiring.key }, Date.parse('2031-01-01')))).message,
    ).toMatch(/expired/);
    // a revocation applies from the next event-loop turn on, though rows are cached
    await store.revokeKey((await store.listKeys())[0]?.id ?? '', new Date().toISOString());
    await new Promise((resolve) => setImmediate(resolve));
    expect((await refusal(() => authenticate({ 'x-api-key': key }))).message).toMatch(/revoked/);
    await store.close();
  });

  it('reads the keys version once per event-loop turn and each key once, however many requests the turn has', async () => {
    const { store } = fresh();
    const { key, row } = await createApiKey(store, { name: 'team-a' });
    let versionReads = 0;
    let keyReads = 0;
    const counted = {
      ...store,
      keysVersion: () => {
        versionReads += 1;
        return store.keysVersion();
      },
      getKey: (id: string) => {
        keyReads += 1;
        return store.getKey(id);
      },
    };
    const authenticate = createAuthenticate(counted);
    const turn = await Promise.all(Array.from({ length: 20 }, () => authenticate({ 'x-api-key': key })));
    expect(turn.every((found) => found.id === row.id)).toBe(true);
    expect([versionReads, keyReads]).toEqual([1, 1]);
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all(Array.from({ length: 20 }, () => authenticate({ 'x-api-key': key })));
    // a new turn reads the version again; the key is still cached at the same version
    expect([versionReads, keyReads]).toEqual([2, 1]);
    await store.close();
  });
});
