import { describe, expect, it } from 'vitest';
import { type QualificationBasis, staleReasons } from './qualification-staleness.js';

const basis: QualificationBasis = {
  suiteHash: 'abc',
  targets: [
    { model: 'openai:gpt-4o', price: { input: 2.5, output: 10 } },
    { model: 'vllm:llama', price: { input: 0.05, output: 0.08 } },
  ],
  priceTableVersion: 'v1',
  rule: { minPassRate: 0.9, repeat: 1 },
};

describe('staleReasons', () => {
  it('finds nothing when nothing the record was decided on changed', () => {
    expect(staleReasons(basis, structuredClone(basis))).toEqual([]);
  });

  it('names each change: suite, targets, a price, the price table and the rule', () => {
    const now: QualificationBasis = {
      suiteHash: 'def',
      targets: [
        { model: 'openai:gpt-4o', price: { input: 1.25, output: 10 } },
        { model: 'openai:gpt-4o-mini', price: null },
      ],
      priceTableVersion: 'v2',
      rule: { minPassRate: 0.95, repeat: 1 },
    };
    expect(staleReasons(basis, now)).toEqual([
      'the suite changed',
      'target(s) added: openai:gpt-4o-mini',
      'target(s) removed: vllm:llama',
      'the price of openai:gpt-4o changed from $2.5/$10 per 1M tokens to $1.25/$10 per 1M tokens',
      'the price table changed (version v1 → v2)',
      'the rule changed (minPassRate 0.9, repeat 1 → minPassRate 0.95, repeat 1)',
    ]);
  });

  it('counts a price that appeared or vanished as a change', () => {
    const now = structuredClone(basis);
    now.targets = [basis.targets[0]!, { model: 'vllm:llama', price: null }];
    expect(staleReasons(basis, now)).toEqual([
      'the price of vllm:llama changed from $0.05/$0.08 per 1M tokens to unpriced',
    ]);
  });
});
