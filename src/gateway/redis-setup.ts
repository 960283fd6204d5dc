// What gateway.yaml's `limits.redis` and `cache.store: redis` open: one Redis connection per distinct URL, the
// shared key limits over it and the shared answer cache; nothing when neither is set (everything in memory).
import type { GatewayStore } from '../store/contract/gateway-store.js';
import type { KeyLimits } from './limits/key-limits.js';
import { createRedisKeyLimits } from './limits/redis-limits.js';
import { openRedisLink, type RedisLink } from './limits/redis-link.js';
import type { LoadedGatewayConfig } from './load-gateway-config.js';
import { createRedisAnswerCache, type RedisAnswerCache } from './redis-cache.js';

export interface RedisSetup {
  limits: KeyLimits | undefined;
  cache: RedisAnswerCache | undefined;
  /** Waits for every connection's first readiness, up to `timeoutMs`; false if one is not ready. */
  ready(timeoutMs: number): Promise<boolean>;
  metricsText(): string;
  close(): Promise<void>;
}

export const setUpRedis = (
  loaded: LoadedGatewayConfig,
  store: Pick<GatewayStore, 'spendSince'>,
  log: (line: string) => void,
): RedisSetup => {
  const { limits: limitsConfig, cache: cacheConfig } = loaded.config;
  const cacheUrl = cacheConfig.store === 'redis' ? (cacheConfig.redis ?? limitsConfig?.redis) : undefined;
  const uses = new Map<string, string[]>();
  if (limitsConfig) uses.set(limitsConfig.redis, ['limits']);
  if (cacheUrl !== undefined) uses.set(cacheUrl, [...(uses.get(cacheUrl) ?? []), 'cache']);
  const links = new Map<string, RedisLink>();
  for (const [url, use] of uses) {
    const whileDown = use.includes('limits')
      ? `budgets fail ${limitsConfig?.onRedisDown.budgets}, rate limits fail ${limitsConfig?.onRedisDown.rateLimits}`
      : 'the cache misses';
    links.set(
      url,
      openRedisLink({ url, use: use.join(','), timeoutMs: limitsConfig?.timeoutMs ?? 50, log, whileDown }),
    );
  }
  const limitsLink = limitsConfig && links.get(limitsConfig.redis);
  const limits =
    limitsConfig && limitsLink
      ? createRedisKeyLimits({
          link: limitsLink,
          prefix: limitsConfig.prefix,
          spendSince: (keyId, since) => store.spendSince(keyId, since),
          onRedisDown: limitsConfig.onRedisDown,
          holdMs: limitsConfig.holdSeconds * 1000,
        })
      : undefined;
  const cacheLink = cacheUrl === undefined ? undefined : links.get(cacheUrl);
  const cache = cacheLink
    ? createRedisAnswerCache({
        link: cacheLink,
        prefix: cacheConfig.prefix ?? limitsConfig?.prefix ?? 'yardstick:',
        maxEntryBytes: cacheConfig.maxEntryBytes,
        log,
      })
    : undefined;
  return {
    limits,
    cache,
    async ready(timeoutMs) {
      const readies = await Promise.all([...links.values()].map((link) => link.ready(timeoutMs)));
      return readies.every(Boolean);
    },
    metricsText: () =>
      [...links.values()].map((link) => link.metricsText()).join('') + (limits?.metricsText() ?? ''),
    async close() {
      await Promise.all([...links.values()].map((link) => link.close()));
    },
  };
};
