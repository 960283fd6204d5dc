import { describe, expect, it } from 'vitest';
import type { GenerateResult } from '../../spec/language-model.js';
import { createExactCache } from '../exact-cache.js';
import type { ResolvedRoute } from '../load-gateway-config.js';
import { testRoute } from '../test-gateway.js';
import { createCacheStep } from './cache.js';

const route = (name: string, cache?: { ttlSeconds: number; shared: boolean }): ResolvedRoute =>
  testRoute({ name, targets: [], ...(cache ? { cache } : {}) });

const result: GenerateResult = {
  text: 'Paris',
  toolCalls: [],
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: { inputTokens: 10, outputTokens: 1 },
  warnings: [],
  response: {},
};

const teamA = { id: 'aaaaaaaaaaaa' };
const teamB = { id: 'bbbbbbbbbbbb' };

const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] });

describe('the cache step', () => {
  it('answers the same call options on a caching route from what was stored, and nothing else', async () => {
    const step = createCacheStep(createExactCache());
    const faq = route('faq', { ttlSeconds: 60, shared: false });
    const miss = step.lookup(faq, ask('capital?'), teamA);
    expect(miss.hit).toBeUndefined();
    step.remember(faq, miss, 'gpt-4o-mini', result);
    expect(step.lookup(faq, ask('capital?'), teamA).hit).toMatchObject({ model: 'gpt-4o-mini', result });
    expect(step.lookup(faq, ask('capital of Spain?'), teamA).hit).toBeUndefined();
    // the same options on another route are another question
    expect(
      step.lookup(route('other', { ttlSeconds: 60, shared: false }), ask('capital?'), teamA).hit,
    ).toBeUndefined();
    expect(step.metrics()).toMatchObject({ entries: 1, hits: 1 });
  });

  it('neither looks up nor stores on a route without cache', async () => {
    const step = createCacheStep(createExactCache());
    const plain = route('plain');
    const lookup = step.lookup(plain, ask('capital?'), teamA);
    expect(lookup).toEqual({ hit: undefined, key: undefined });
    step.remember(plain, lookup, 'gpt-4o-mini', result);
    expect(step.metrics()).toMatchObject({ entries: 0, hits: 0, misses: 0 });
  });

  it('keeps each API key’s answers to that key, unless the route shares them', async () => {
    const step = createCacheStep(createExactCache());
    const own = route('faq', { ttlSeconds: 60, shared: false });
    const lookup = step.lookup(own, ask('capital?'), teamA);
    step.remember(own, lookup, 'gpt-4o-mini', result);
    expect(step.lookup(own, ask('capital?'), teamA).hit).toBeDefined();
    expect(step.lookup(own, ask('capital?'), teamB).hit).toBeUndefined();
    const shared = route('shared-faq', { ttlSeconds: 60, shared: true });
    step.remember(shared, step.lookup(shared, ask('capital?'), teamA), 'gpt-4o-mini', result);
    expect(step.lookup(shared, ask('capital?'), teamB).hit).toMatchObject({ result });
  });
});
