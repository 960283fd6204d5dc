import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiKeyRow } from '../../store/gateway-store.js';
import { openGatewayStore } from '../../store/open-store.js';
import { GatewayError } from '../gateway-errors.js';
import { createKeyLimits } from '../key-limits.js';
import { createAdmit } from './admit.js';

const key = (overrides: Partial<ApiKeyRow>): ApiKeyRow => ({
  id: 'k1',
  name: 'team-a',
  secretSha256: '0'.repeat(64),
  createdAt: '2026-11-01T00:00:00.000Z',
  expiresAt: null,
  revokedAt: null,
  budgetUsd: null,
  budgetPeriod: null,
  rpm: null,
  tpm: null,
  routes: null,
  ...overrides,
});

const admitOver = () =>
  createAdmit(
    createKeyLimits(
      openGatewayStore(path.join(mkdtempSync(path.join(tmpdir(), 'yardstick-admit-')), 'db.sqlite')),
    ),
  );

const refusal = (run: () => unknown): GatewayError => {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('the admit step', () => {
  it('lets requests in up to the key’s requests per minute, then refuses with 429 and Retry-After', () => {
    const { admit } = admitOver();
    const limited = key({ rpm: 2 });
    const now = Date.parse('2026-11-23T12:00:45Z');
    expect(admit(limited, now)).toEqual({ key: limited });
    admit(limited, now);
    const refused = refusal(() => admit(limited, now));
    expect([refused.status, refused.code]).toEqual([429, 'key_limit']);
    expect(refused.headers).toEqual({ 'retry-after': '15' });
    expect(refused.message).toBe('API key "team-a" is over its limit of 2 requests per minute');
  });

  it('refuses once settled charges reach the budget', () => {
    const { admit, settle } = admitOver();
    const capped = key({ budgetUsd: 0.01, budgetPeriod: 'day' });
    const now = Date.parse('2026-11-23T12:00:00Z');
    settle(admit(capped, now), { tokens: 2000, costUsd: 0.006 }, now);
    settle(admit(capped, now), { tokens: 2000, costUsd: 0.006 }, now);
    const refused = refusal(() => admit(capped, now));
    expect(refused.code).toBe('key_limit');
    expect(refused.message).toContain('budget of $0.01 per day');
  });
});
