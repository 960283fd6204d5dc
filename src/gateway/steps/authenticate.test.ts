import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openGatewayStore } from '../../store/open-store.js';
import { createApiKey } from '../api-keys.js';
import { GatewayError } from '../gateway-errors.js';
import { createAuthenticate } from './authenticate.js';

const fresh = () => {
  const store = openGatewayStore(path.join(mkdtempSync(path.join(tmpdir(), 'yardstick-auth-')), 'db.sqlite'));
  return { store, authenticate: createAuthenticate(store) };
};

const refusal = (run: () => unknown): GatewayError => {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('the authenticate step', () => {
  it('accepts a key as a bearer token or as x-api-key, and returns its row', () => {
    const { store, authenticate } = fresh();
    const { key, row } = createApiKey(store, { name: 'team-a' });
    expect(authenticate({ authorization: `Bearer ${key}` })).toEqual(row);
    expect(authenticate({ 'x-api-key': key })).toEqual(row);
    store.close();
  });

  it('refuses a missing, unknown, revoked or expired key with 401 saying which', async () => {
    const { store, authenticate } = fresh();
    const { key } = createApiKey(store, { name: 'team-a' });
    const missing = refusal(() => authenticate({}));
    expect([missing.status, missing.code]).toEqual([401, 'invalid_api_key']);
    expect(missing.message).toMatch(/missing API key/);
    expect(refusal(() => authenticate({ authorization: `Bearer ${key.slice(0, -2)}xx` })).message).toBe(
      'invalid API key',
    );
    const expiring = createApiKey(store, { name: 'short', expiresAt: '2030-01-01T00:00:00.000Z' });
    expect(
      refusal(() => authenticate({ 'x-api-key': expiring.key }, Date.parse('2031-01-01'))).message,
    ).toMatch(/expired/);
    // a revocation applies from the next event-loop turn on, though rows are cached
    store.revokeKey(store.listKeys()[0]?.id ?? '', new Date().toISOString());
    await new Promise((resolve) => setImmediate(resolve));
    expect(refusal(() => authenticate({ 'x-api-key': key })).message).toMatch(/revoked/);
    store.close();
  });
});
