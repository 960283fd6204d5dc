import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../stats/seeded-random.js';
import type { ResolvedTarget } from '../load-gateway-config.js';
import { loadbalancePolicy } from './loadbalance.js';

const target = (name: string, weight: number): ResolvedTarget => ({
  name,
  providerType: 'openai',
  config: { id: `openai:${name}` },
  weight,
});

describe('the loadbalance policy', () => {
  it('spreads first attempts by weight and keeps the others, in the order written, as fallbacks', async () => {
    const [a, b, c] = [target('a', 3), target('b', 1), target('c', 0)];
    const policy = loadbalancePolicy([a, b, c]);
    // seeded, so the shares below are the same on every run
    const random = seededRandom(7);
    const firsts = new Map<string, number>();
    for (let index = 0; index < 10_000; index += 1) {
      const order = policy.order(random);
      expect(order).toHaveLength(3);
      firsts.set(order[0]?.name ?? '', (firsts.get(order[0]?.name ?? '') ?? 0) + 1);
    }
    expect((firsts.get('a') ?? 0) / 10_000).toBeCloseTo(0.75, 1);
    expect((firsts.get('b') ?? 0) / 10_000).toBeCloseTo(0.25, 1);
    // weight 0: a standby, never the first attempt
    expect(firsts.get('c')).toBeUndefined();
    expect(policy.order(() => 0.9).map((picked) => picked.name)).toEqual(['b', 'a', 'c']);
  });

  it('never draws a standby, even when the random number is at the top of its range', async () => {
    const policy = loadbalancePolicy([target('a', 1), target('b', 0)]);
    expect(policy.order(() => 0.999_999_999_999_999_9)[0]?.name).toBe('a');
  });
});
