import { describe, expect, it } from 'vitest';
import type { GenerateResult } from '../spec/language-model.js';
import { cacheKeyOf, createExactCache } from './exact-cache.js';

const result = (text: string): GenerateResult => ({
  text,
  toolCalls: [],
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: { inputTokens: 1, outputTokens: 1 },
  warnings: [],
  response: {},
});

describe('the exact-match cache', () => {
  it('keys on the route, the API key (unless shared) and the call options, never on the abort signal', async () => {
    const messages = [{ role: 'user' as const, content: 'hi' }];
    const key = cacheKeyOf('faq', 'k1', { messages, abortSignal: new AbortController().signal });
    expect(cacheKeyOf('faq', 'k1', { messages })).toBe(key);
    expect(cacheKeyOf('other', 'k1', { messages })).not.toBe(key);
    expect(cacheKeyOf('faq', 'k1', { messages, temperature: 0.5 })).not.toBe(key);
    expect(cacheKeyOf('faq', 'k2', { messages })).not.toBe(key);
    expect(cacheKeyOf('faq', undefined, { messages })).not.toBe(key);
  });

  it('forgets an answer after its time to live and the least recently used one when full', async () => {
    const cache = createExactCache(2);
    cache.set('a', 'm', result('A'), 10, 0);
    expect(cache.get('a', 9_999)?.result.text).toBe('A');
    expect(cache.get('a', 10_000)).toBeUndefined();
    cache.set('a', 'm', result('A'), 10, 0);
    cache.set('b', 'm', result('B'), 10, 0);
    cache.get('a', 1);
    cache.set('c', 'm', result('C'), 10, 0);
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)?.result.text).toBe('A');
    expect(cache.metrics()).toMatchObject({ entries: 2 });
  });
});
