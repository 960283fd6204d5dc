// The response cache: round trips, treats damaged entries as misses, and never leaves temp files behind.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CachedResponse, cacheKey, canonicalJson, createResponseCache } from './response-cache.js';

const response: CachedResponse = {
  text: 'Paris',
  toolCalls: [{ id: 'call_1', name: 'lookup', arguments: '{"city":"Paris"}' }],
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: { inputTokens: 12, outputTokens: 3, cachedInputTokens: 0 },
  warnings: [{ type: 'unsupported-setting', setting: 'seed' }],
  response: { id: 'resp_1', modelId: 'gpt-4o-mini-2024-07-18' },
  latencyMs: 412.5,
};

const listFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yardstick-cache-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('cacheKey', () => {
  it('ignores key order at every depth', () => {
    expect(cacheKey({ a: 1, b: { c: 2, d: [1, { e: 3, f: 4 }] } })).toBe(
      cacheKey({ b: { d: [1, { f: 4, e: 3 }], c: 2 }, a: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
  it('changes when anything that shapes the answer changes', () => {
    expect(cacheKey({ model: 'x', repeat: 0 })).not.toBe(cacheKey({ model: 'x', repeat: 1 }));
    expect(cacheKey({ model: 'x', repeat: 0 })).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('createResponseCache', () => {
  it('round-trips a response through a sharded file', () => {
    const cache = createResponseCache(dir);
    const key = cacheKey({ model: 'openai:gpt-4o-mini', messages: [{ role: 'user', content: 'capital?' }] });
    expect(cache.get(key)).toBeUndefined();
    cache.set(key, response);
    expect(cache.get(key)).toEqual(response);
    expect(readdirSync(join(dir, key.slice(0, 2)))).toEqual([`${key}.json`]);
    expect(createResponseCache(dir).get(key)).toEqual(response);
  });
  it('keeps finishReason.raw present when it was undefined', () => {
    const cache = createResponseCache(dir);
    const key = cacheKey('raw');
    cache.set(key, { ...response, finishReason: { unified: 'other', raw: undefined } });
    const cached = cache.get(key);
    expect(cached?.finishReason).toHaveProperty('raw', undefined);
  });
  it('treats a torn or wrong-shaped entry as a miss', () => {
    const cache = createResponseCache(dir);
    const torn = cacheKey('torn');
    cache.set(torn, response);
    writeFileSync(join(dir, torn.slice(0, 2), `${torn}.json`), '{"text":"Par');
    expect(cache.get(torn)).toBeUndefined();
    const wrong = cacheKey('wrong');
    cache.set(wrong, response);
    writeFileSync(join(dir, wrong.slice(0, 2), `${wrong}.json`), '{"text":42}');
    expect(cache.get(wrong)).toBeUndefined();
  });
  it('leaves no temporary files after writes and overwrites', () => {
    const cache = createResponseCache(dir);
    const key = cacheKey('atomic');
    for (let index = 0; index < 5; index += 1) cache.set(key, { ...response, text: `answer ${index}` });
    expect(cache.get(key)?.text).toBe('answer 4');
    expect(listFiles(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(listFiles(dir)).toEqual([`${key}.json`]);
  });
  it('stores other JSON values with an optional shape guard', () => {
    const cache = createResponseCache(dir);
    const key = cacheKey({ embed: 'openai:text-embedding-3-small', texts: ['a'] });
    cache.setValue(key, [[0.1, 0.2]]);
    const isMatrix = (value: unknown): value is number[][] =>
      Array.isArray(value) && value.every((row) => Array.isArray(row));
    expect(cache.getValue(key, isMatrix)).toEqual([[0.1, 0.2]]);
    expect(cache.getValue(key, (value): value is string => typeof value === 'string')).toBeUndefined();
  });
  it('refuses keys that are not sha256 digests, so a key cannot escape the folder', () => {
    const cache = createResponseCache(dir);
    expect(() => cache.get('../../etc/passwd')).toThrow(RangeError);
    expect(() => cache.set('abc', response)).toThrow(RangeError);
  });
});
