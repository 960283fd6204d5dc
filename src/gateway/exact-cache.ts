// The gateway's exact-match response cache: a request with the same route and the same call options (whatever
// the client's wire format) gets the stored answer until its time to live runs out. In memory, bounded, per
// process; only successful answers are kept. The key holds the API key's public id (unless the route shares
// answers), never its secret.
import { createHash } from 'node:crypto';
import type { CallOptions, GenerateResult } from '../spec/language-model.js';

/** A stored answer: the model that gave it and its result; the same in memory and in Redis (redis-cache.ts). */
export interface CachedAnswer {
  model: string;
  result: GenerateResult;
}

interface Entry extends CachedAnswer {
  expiresAt: number;
}

/** The key of an answer: the route, the API key's id when answers are per key, and the call options. */
export const cacheKeyOf = (route: string, apiKeyId: string | undefined, options: CallOptions): string => {
  const { abortSignal: _, ...rest } = options;
  return createHash('sha256')
    .update(route)
    .update('\u0000')
    .update(apiKeyId ?? '')
    .update('\u0000')
    .update(JSON.stringify(rest))
    .digest('hex');
};

export const createExactCache = (maxEntries = 10_000) => {
  const entries = new Map<string, Entry>();
  let hits = 0;
  let misses = 0;
  return {
    get(key: string, now = Date.now()): { model: string; result: GenerateResult } | undefined {
      const entry = entries.get(key);
      if (!entry || entry.expiresAt <= now) {
        if (entry) entries.delete(key);
        misses += 1;
        return undefined;
      }
      // least recently used goes first: re-insert on every hit
      entries.delete(key);
      entries.set(key, entry);
      hits += 1;
      return entry;
    },
    set(key: string, model: string, result: GenerateResult, ttlSeconds: number, now = Date.now()): void {
      entries.delete(key);
      entries.set(key, { expiresAt: now + ttlSeconds * 1000, model, result });
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
    },
    metrics: () => ({ entries: entries.size, hits, misses }),
  };
};

export type ExactCache = ReturnType<typeof createExactCache>;
