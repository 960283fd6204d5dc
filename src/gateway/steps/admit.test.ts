import { describe, expect, it } from 'vitest';
import { YardstickError } from '../../spec/errors.js';
import { plainKey } from '../../store/contract/samples.contract.js';
import { GatewayError } from '../gateway-errors.js';
import { createMemoryReservations } from '../limits/budget-reservations.js';
import { createMemoryKeyLimits } from '../limits/key-limits.js';
import { createMemoryRateLimits } from '../limits/rate-limits.js';
import type { ResolvedTarget } from '../load-gateway-config.js';
import { testRoute, testTarget } from '../test-gateway.js';
import { type AdmitRequest, createAdmit } from './admit.js';

const key = plainKey;

const priced = (model: string, input: number, output: number): ResolvedTarget => {
  const target = testTarget(model);
  return { ...target, config: { ...target.config, price: { input, output } } };
};

// $1 per 1M input tokens, $2 per 1M output: 1,000 body bytes and 1,000 output tokens hold at most $0.003
const cheap = priced('cheap', 1, 2);
const request = (overrides: Partial<AdmitRequest> = {}): AdmitRequest => ({
  route: testRoute({ targets: [cheap] }),
  bodyBytes: 1000,
  hasTools: false,
  maxOutputTokens: 1000,
  maxField: 'max_tokens',
  ...overrides,
});

const admitOver = (spent = 0) =>
  createAdmit(
    createMemoryKeyLimits(
      createMemoryRateLimits(),
      createMemoryReservations({ spendSince: async () => spent }),
    ),
  );

const refusal = async (run: () => Promise<unknown>): Promise<GatewayError> => {
  try {
    await run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

const noon = Date.parse('2026-11-23T12:00:00Z');

describe('the admit step', () => {
  it('lets requests in up to the key’s requests per minute, then refuses with 429 and when the next fits', async () => {
    const { admit } = admitOver();
    const limited = key({ rpm: 2 });
    const now = Date.parse('2026-11-23T12:00:45Z');
    expect(await admit(limited, request(), now)).toEqual({ key: limited, reservation: undefined });
    await admit(limited, request(), now);
    const refused = await refusal(() => admit(limited, request(), now));
    expect([refused.status, refused.code]).toEqual([429, 'key_limit']);
    expect(refused.headers).toEqual({ 'retry-after': '30', 'retry-after-ms': '30000' });
    expect(refused.message).toBe(
      'API key "team-a" is over its limit of 2 requests per minute; the next request fits in 30 s',
    );
  });

  it('answers 503 store_unavailable when a budget cannot be checked because the store is down, and 200 once it is back', async () => {
    let down = true;
    const { admit } = createAdmit(
      createMemoryKeyLimits(
        createMemoryRateLimits(),
        createMemoryReservations({
          spendSince: async () => {
            if (down)
              throw new YardstickError(
                'E_STORE',
                'a query failed in PostgreSQL at postgres://db/ys: connection refused',
              );
            return 0;
          },
        }),
      ),
    );
    const capped = key({ budgetUsd: 0.01, budgetPeriod: 'day' });
    const refused = await refusal(() => admit(capped, request(), noon));
    expect([refused.status, refused.code]).toEqual([503, 'store_unavailable']);
    expect(refused.headers).toEqual({ 'retry-after': '1' });
    expect(refused.message).toContain("this key's budget cannot be checked");
    // a key without a budget needs no store read
    expect((await admit(key({}), request(), noon)).reservation).toBeUndefined();
    down = false;
    expect((await admit(capped, request(), noon)).reservation).toBeDefined();
  });

  it('holds the largest cost, and refuses the request that would pass the budget with budget_exceeded', async () => {
    const { admit, settle } = admitOver();
    const capped = key({ budgetUsd: 0.01, budgetPeriod: 'day' });
    const held = await Promise.all([1, 2, 3].map(() => admit(capped, request(), noon)));
    expect(held.map((admission) => admission.reservation?.amountUsd)).toEqual([0.003, 0.003, 0.003]);
    const refused = await refusal(() => admit(capped, request(), noon));
    expect([refused.status, refused.code]).toEqual([429, 'budget_exceeded']);
    expect(refused.headers).toEqual({ 'x-should-retry': 'false' });
    expect(refused.details).toEqual({ resets_at: '2026-11-24T00:00:00.000Z' });
    expect(refused.message).toBe(
      'API key "team-a" has no budget left for this request: $0.00 of its $0.01 per day is spent, $0.009 held by requests in flight, and this request may cost up to $0.003; the budget resets at 2026-11-24T00:00:00.000Z',
    );
    // settled at their real cost, the holds make room again
    for (const admission of held) await settle(admission, { tokens: 300, costUsd: 0.001 }, noon);
    expect((await admit(capped, request(), noon)).reservation).toBeDefined();
  });

  it('holds at the priciest target, so a fallback to it cannot pass the budget', async () => {
    const { admit } = admitOver();
    const capped = key({ budgetUsd: 1, budgetPeriod: 'day' });
    const route = testRoute({ targets: [cheap, priced('dear', 10, 40)] });
    const admission = await admit(capped, request({ route }), noon);
    expect(admission.reservation?.amountUsd).toBeCloseTo(0.05, 12);
  });

  it('counts a prompt at no more tokens than its bytes, plus an allowance when it has tools', async () => {
    const { admit } = admitOver();
    const capped = key({ budgetUsd: 1, budgetPeriod: 'day' });
    const plain = await admit(capped, request({ maxOutputTokens: 0 }), noon);
    const withTools = await admit(capped, request({ maxOutputTokens: 0, hasTools: true }), noon);
    expect(plain.reservation?.amountUsd).toBeCloseTo(0.001, 12);
    expect(withTools.reservation?.amountUsd).toBeCloseTo(0.001512, 12);
  });

  it('refuses with 400 a request nothing bounds on a key with a budget, saying what would bound it', async () => {
    const { admit } = admitOver();
    const unbounded = request({ maxOutputTokens: undefined });
    const refused = await refusal(() => admit(key({ budgetUsd: 5, budgetPeriod: 'day' }), unbounded, noon));
    expect([refused.status, refused.code, refused.param]).toEqual([400, 'invalid_request', 'max_tokens']);
    expect(refused.message).toContain('set max_tokens, or give route "chat" a maxOutputTokens default');
    // without a budget, or on a route with no price, there is nothing to bound
    expect((await admit(key({}), unbounded, noon)).reservation).toBeUndefined();
    const local: ResolvedTarget = {
      ...testTarget('llama'),
      providerType: 'ollama',
      config: { id: 'ollama:llama' },
    };
    const unpriced = request({ route: testRoute({ targets: [local] }), maxOutputTokens: undefined });
    expect(
      (await admit(key({ budgetUsd: 5, budgetPeriod: 'day' }), unpriced, noon)).reservation,
    ).toBeUndefined();
  });

  it('gives a refused request’s hold back when its rate limit refuses it', async () => {
    const { admit } = admitOver();
    const both = key({ budgetUsd: 0.006, budgetPeriod: 'day', rpm: 1 });
    await admit(both, request(), noon);
    expect((await refusal(() => admit(both, request(), noon))).code).toBe('key_limit');
    // the second hold was given back: a third, a minute later, fits the budget
    expect((await admit(both, request(), noon + 60_000)).reservation).toBeDefined();
  });

  it('gives a hold back only once, however often it is released or settled', async () => {
    const { admit, release, settle } = admitOver();
    const capped = key({ budgetUsd: 0.006, budgetPeriod: 'day' });
    const first = await admit(capped, request(), noon);
    await admit(capped, request(), noon);
    await release(first);
    await release(first);
    await settle(first, { tokens: 0, costUsd: 0 }, noon);
    await admit(capped, request(), noon);
    expect((await refusal(() => admit(capped, request(), noon))).code).toBe('budget_exceeded');
  });
});
