// The exact-match cache in Redis, shared by every gateway replica: an answer one replica stored is served by the
// others until its time to live runs out. Keys are `<prefix>cache:<sha256 of route, API key id, call options>`
// (never a secret); values are JSON, capped in size. Redis being down is a miss, never a failed request.
import { z } from 'zod';
import type { GenerateResult } from '../spec/language-model.js';
import type { CachedAnswer } from './exact-cache.js';
import type { RedisLink } from './limits/redis-link.js';

// what another replica (or anything else that can write to this Redis) stored is checked before it is replayed
const storedAnswerSchema = z.object({
  model: z.string(),
  result: z.looseObject({
    text: z.string(),
    toolCalls: z.array(z.object({ id: z.string(), name: z.string(), arguments: z.string() })),
    finishReason: z.looseObject({ unified: z.string() }),
    usage: z.looseObject({}),
    warnings: z.array(z.unknown()),
    response: z.looseObject({}),
  }),
});

export interface RedisAnswerCacheOptions {
  link: RedisLink;
  prefix: string;
  /** An answer larger than this, as JSON, is not stored. */
  maxEntryBytes: number;
  log: (line: string) => void;
}

/**
 * @example
 * const cache = createRedisAnswerCache({ link, prefix: 'yardstick:', maxEntryBytes: 1 << 20, log });
 * const found = await cache.get(key);
 */
export const createRedisAnswerCache = (options: RedisAnswerCacheOptions) => {
  const { link, prefix, maxEntryBytes } = options;
  let hits = 0;
  let misses = 0;
  let unreadable = 0;
  const keyOf = (key: string): string => `${prefix}cache:${key}`;
  return {
    async get(key: string): Promise<CachedAnswer | undefined> {
      let stored: string | null;
      try {
        stored = await link.run((redis) => redis.get(keyOf(key)));
      } catch {
        misses += 1;
        return undefined;
      }
      if (stored === null) {
        misses += 1;
        return undefined;
      }
      let parsed: ReturnType<typeof storedAnswerSchema.safeParse>;
      try {
        parsed = storedAnswerSchema.safeParse(JSON.parse(stored));
      } catch {
        parsed = storedAnswerSchema.safeParse(undefined);
      }
      if (!parsed.success) {
        // not an answer this gateway wrote: served as a miss, and overwritten by the fresh answer
        if (unreadable === 0) options.log(`redis cache: ${keyOf(key)} holds no answer yardstick can read`);
        unreadable += 1;
        misses += 1;
        return undefined;
      }
      hits += 1;
      // the schema checked the fields the answer step reads; the rest is carried as the upstream gave it
      return { model: parsed.data.model, result: parsed.data.result as unknown as GenerateResult };
    },
    set(key: string, model: string, result: GenerateResult, ttlSeconds: number): void {
      const json = JSON.stringify({ model, result });
      if (Buffer.byteLength(json) > maxEntryBytes) return;
      // off the request path: the answer is already on its way to the client
      link.run((redis) => redis.set(keyOf(key), json, 'EX', ttlSeconds)).catch(() => {});
    },
    metrics: () => ({ entries: undefined, hits, misses }),
  };
};

export type RedisAnswerCache = ReturnType<typeof createRedisAnswerCache>;
