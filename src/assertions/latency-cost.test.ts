import { describe, expect, it } from 'vitest';
import { fakeContext } from './__fixtures__/fake-context.js';
import { cost } from './cost.js';
import { latency } from './latency.js';

describe('latency', () => {
  it('passes at or under maxMs and reports both numbers', () => {
    expect(latency({ type: 'latency', maxMs: 10000 }, fakeContext({ latencyMs: 10000 })).pass).toBe(true);
    expect(latency({ type: 'latency', maxMs: 10000 }, fakeContext({ latencyMs: 12034 }))).toEqual({
      pass: false,
      score: 0,
      reason: 'latency 12034 ms > 10000 ms',
    });
  });
});

describe('cost', () => {
  it('passes at or under maxUsd', () => {
    expect(cost({ type: 'cost', maxUsd: 0.01 }, fakeContext({ costUsd: 0.004 })).pass).toBe(true);
    expect(cost({ type: 'cost', maxUsd: 0.01 }, fakeContext({ costUsd: 0.0123 }))).toMatchObject({
      pass: false,
      reason: 'cost $0.0123 > $0.01',
    });
  });
  it('fails an unpriced call instead of treating it as free', () => {
    expect(cost({ type: 'cost', maxUsd: 1 }, fakeContext({ costUsd: undefined }))).toEqual({
      pass: false,
      score: 0,
      reason: 'cost unpriced: model has no price',
    });
  });
});
