import { describe, expect, it } from 'vitest';
import type { ResolvedTarget } from '../load-gateway-config.js';
import { orderedPolicy } from './ordered.js';

const target = (name: string): ResolvedTarget => ({
  name,
  providerType: 'openai',
  config: { id: `openai:${name}` },
  weight: 1,
});

describe('the ordered policy', () => {
  it('tries the targets in the order listed on every request, whatever the random draw', async () => {
    const targets = [target('primary'), target('secondary'), target('tertiary')];
    const policy = orderedPolicy(targets);
    for (const draw of [0, 0.5, 0.999]) {
      expect(policy.order(() => draw).map((picked) => picked.name)).toEqual([
        'primary',
        'secondary',
        'tertiary',
      ]);
    }
  });
});
