// Step 6, cache: on a route with `cache`, a request with the same call options as an earlier one of the same API
// key (whatever the client's wire format) gets the stored answer; with `cache.shared`, of any key. A fresh answer
// is stored once it is whole.
import type { CallOptions, GenerateResult } from '../../spec/language-model.js';
import type { ApiKeyRow } from '../../store/contract/gateway-store.js';
import { type CachedAnswer, cacheKeyOf, type ExactCache } from '../exact-cache.js';
import type { ResolvedRoute } from '../load-gateway-config.js';
import type { RedisAnswerCache } from '../redis-cache.js';

/** A hit, or a miss with the key its answer is to be stored under (none when the route does not cache). */
export type CacheLookup = { hit: CachedAnswer; key: string } | { hit: undefined; key: string | undefined };

const uncached: CacheLookup = { hit: undefined, key: undefined };

/** The step as the pipeline uses it: in memory it answers at once; shared through Redis, with a promise. */
export interface CacheStep {
  lookup(
    route: ResolvedRoute,
    options: CallOptions,
    apiKey: Pick<ApiKeyRow, 'id'>,
  ): CacheLookup | Promise<CacheLookup>;
  remember(route: ResolvedRoute, lookup: CacheLookup, model: string, result: GenerateResult): void;
  metrics(): { entries: number | undefined; hits: number; misses: number };
}

/** One key's answers are not another's, unless the route shares them. */
const keyOf = (route: ResolvedRoute, options: CallOptions, apiKey: Pick<ApiKeyRow, 'id'>): string =>
  cacheKeyOf(route.name, route.cache?.shared ? undefined : apiKey.id, options);

/**
 * @example
 * const cache = createCacheStep(createExactCache());
 * const lookup = cache.lookup(route, request.callOptions, key);
 * if (lookup.hit) replay(lookup.hit); else cache.remember(route, lookup, model, result);
 */
export const createCacheStep = (cache: ExactCache) => ({
  lookup(route: ResolvedRoute, options: CallOptions, apiKey: Pick<ApiKeyRow, 'id'>): CacheLookup {
    if (!route.cache) return uncached;
    const key = keyOf(route, options, apiKey);
    return { hit: cache.get(key), key };
  },
  remember(route: ResolvedRoute, lookup: CacheLookup, model: string, result: GenerateResult): void {
    if (route.cache && lookup.key !== undefined) cache.set(lookup.key, model, result, route.cache.ttlSeconds);
  },
  metrics: () => cache.metrics(),
});

/** The step over the cache in Redis, shared by replicas (redis-cache.ts). */
export const createSharedCacheStep = (cache: RedisAnswerCache): CacheStep => ({
  async lookup(route, options, apiKey) {
    if (!route.cache) return uncached;
    const key = keyOf(route, options, apiKey);
    const hit = await cache.get(key);
    return hit ? { hit, key } : { hit: undefined, key };
  },
  remember(route, lookup, model, result) {
    if (route.cache && lookup.key !== undefined) cache.set(lookup.key, model, result, route.cache.ttlSeconds);
  },
  metrics: () => cache.metrics(),
});
