import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiKeyRow } from '../store/gateway-store.js';
import { openGatewayStore } from '../store/open-store.js';
import { createKeyLimits } from './key-limits.js';
import { newTrace } from './steps/trace.js';

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

const store = () =>
  openGatewayStore(path.join(mkdtempSync(path.join(tmpdir(), 'yardstick-limits-')), 'db.sqlite'));

describe('key limits', () => {
  it('stops a key at its tokens per minute until the next minute', () => {
    const limits = createKeyLimits(store());
    const limited = key({ tpm: 1000 });
    const now = Date.parse('2026-11-23T12:00:10Z');
    expect(limits.admit(limited, now)).toEqual({ ok: true });
    limits.charge(limited, 1200, null, now);
    expect(limits.admit(limited, now + 1000)).toEqual({
      ok: false,
      message: 'API key "team-a" is over its limit of 1000 tokens per minute',
      retryAfterSeconds: 49,
    });
    expect(limits.admit(limited, Date.parse('2026-11-23T12:01:00Z'))).toEqual({ ok: true });
  });

  it('starts a monthly budget from the spend already traced, and opens it again next month', () => {
    const traces = store();
    traces.insertTraces([
      {
        ...newTrace('/v1/chat/completions', Date.parse('2026-11-05T10:00:00Z')),
        id: 't1',
        keyId: 'k1',
        costUsd: 2,
      },
    ]);
    const limits = createKeyLimits(traces);
    const capped = key({ budgetUsd: 2, budgetPeriod: 'month' });
    const refused = limits.admit(capped, Date.parse('2026-11-30T23:59:00Z'));
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 60 });
    expect(limits.admit(capped, Date.parse('2026-12-01T00:00:01Z'))).toEqual({ ok: true });
    traces.close();
  });
});
