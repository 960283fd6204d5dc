import { describe, expect, it } from 'vitest';
import { plainKey } from '../../store/contract/samples.contract.js';
import { createMemoryRateLimits } from './rate-limits.js';

const key = plainKey;

describe('key limits', () => {
  it('lets a key use its minute’s requests at once, then says when the next one frees up', () => {
    const limits = createMemoryRateLimits();
    const limited = key({ rpm: 4 });
    const now = Date.parse('2026-11-23T12:00:45Z');
    for (let index = 0; index < 4; index += 1) expect(limits.admit(limited, now)).toEqual({ ok: true });
    // one request frees up every 15 s: the fifth fits 15 s after the first, not at the next minute
    expect(limits.admit(limited, now + 1000)).toEqual({
      ok: false,
      message: 'API key "team-a" is over its limit of 4 requests per minute',
      retryAfterMs: 14_000,
    });
    expect(limits.admit(limited, now + 15_000)).toEqual({ ok: true });
    expect(limits.admit(limited, now + 15_000)).toMatchObject({ ok: false, retryAfterMs: 15_000 });
  });

  it('stops a key over its tokens per minute until enough of them have freed up', () => {
    const limits = createMemoryRateLimits();
    const limited = key({ tpm: 1000 });
    const now = Date.parse('2026-11-23T12:00:10Z');
    expect(limits.admit(limited, now)).toEqual({ ok: true });
    limits.charge(limited, 1200, now);
    // 1,200 tokens at 1,000 a minute: back under the limit 12 s later
    expect(limits.admit(limited, now + 1000)).toEqual({
      ok: false,
      message: 'API key "team-a" is over its limit of 1000 tokens per minute',
      retryAfterMs: 11_001,
    });
    expect(limits.admit(limited, now + 12_001)).toEqual({ ok: true });
  });

  it('keeps each key’s counters apart and leaves keys without limits alone', () => {
    const limits = createMemoryRateLimits();
    const now = Date.now();
    expect(limits.admit(key({ id: 'a', rpm: 1 }), now)).toEqual({ ok: true });
    expect(limits.admit(key({ id: 'b', rpm: 1 }), now)).toEqual({ ok: true });
    expect(limits.admit(key({ id: 'a', rpm: 1 }), now)).toMatchObject({ ok: false });
    for (let index = 0; index < 1000; index += 1) expect(limits.admit(key({ id: 'c' }), now).ok).toBe(true);
  });
});
