// Content-addressed on-disk cache of model responses, so re-running a suite costs nothing for unchanged calls.
// The key must cover everything that shapes an answer (provider, model, baseUrl, messages, tools, options,
// repeat index) and must NEVER include an API key or other secret: keys are file names anyone can list.
// Callers cache successful answers only; errors are never cached.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { GenerateResult } from '../spec/language-model.js';

/** A stored answer: the result as the provider gave it plus how long it took the first time. */
export interface CachedResponse extends GenerateResult {
  latencyMs: number;
}

export interface ResponseCache {
  /** The cached response, or undefined on a miss (including a missing, torn or corrupt entry). */
  get(key: string): CachedResponse | undefined;
  set(key: string, value: CachedResponse): void;
  /** Any JSON value (embeddings, …); `isValid` guards its shape, otherwise the value is trusted as `T`. */
  getValue<T>(key: string, isValid?: (value: unknown) => value is T): T | undefined;
  setValue(key: string, value: unknown): void;
}

const optionalNumber = z.number().optional();
const cachedResponseSchema = z.object({
  text: z.string(),
  toolCalls: z.array(z.object({ id: z.string(), name: z.string(), arguments: z.string() })),
  finishReason: z.object({
    unified: z.enum(['stop', 'length', 'tool-calls', 'content-filter', 'error', 'other']),
    raw: z.string().optional(),
  }),
  usage: z.object({
    inputTokens: optionalNumber,
    outputTokens: optionalNumber,
    cachedInputTokens: optionalNumber,
    cacheWriteInputTokens: optionalNumber,
    cacheWrite1hInputTokens: optionalNumber,
    reasoningTokens: optionalNumber,
  }),
  warnings: z.array(
    z.union([
      z.object({
        type: z.literal('unsupported-setting'),
        setting: z.string(),
        details: z.string().optional(),
      }),
      z.object({ type: z.literal('other'), message: z.string() }),
    ]),
  ),
  response: z.object({ id: z.string().optional(), modelId: z.string().optional() }),
  reportedCostUsd: optionalNumber,
  timeToFirstTokenMs: optionalNumber,
  latencyMs: z.number(),
});

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** JSON with object keys sorted at every depth, so equal values always give the same text. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    isPlainObject(item)
      ? Object.fromEntries(
          Object.keys(item)
            .sort()
            .map((name) => [name, item[name]]),
        )
      : item,
  );

/**
 * The cache key of a request: sha256 hex of its canonical JSON. Never pass secrets (API keys, auth headers).
 * @example cacheKey({ id: 'openai:gpt-4o-mini', messages, repeat: 0 })
 */
export const cacheKey = (parts: unknown): string =>
  createHash('sha256').update(canonicalJson(parts)).digest('hex');

const keyPattern = /^[0-9a-f]{64}$/;

/** Stores entries as `<dir>/<first two hex digits>/<key>.json`. */
export const createResponseCache = (dir: string): ResponseCache => {
  const pathOf = (key: string): { folder: string; file: string } => {
    // the key becomes a path: anything but a sha256 hex digest could escape the cache folder
    if (!keyPattern.test(key)) throw new RangeError(`response cache: invalid key "${key.slice(0, 80)}"`);
    const folder = join(dir, key.slice(0, 2));
    return { folder, file: join(folder, `${key}.json`) };
  };

  const readJson = (key: string): unknown => {
    try {
      return JSON.parse(readFileSync(pathOf(key).file, 'utf8'));
    } catch (error) {
      if (error instanceof RangeError) throw error;
      return undefined;
    }
  };

  const writeJson = (key: string, value: unknown): void => {
    const { folder, file } = pathOf(key);
    mkdirSync(folder, { recursive: true });
    // write aside, then rename: readers see the old entry or the whole new one, never a torn file
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      writeFileSync(temporary, JSON.stringify(value));
      renameSync(temporary, file);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  };

  return {
    get(key) {
      const parsed = cachedResponseSchema.safeParse(readJson(key));
      if (!parsed.success) return undefined;
      const { data } = parsed;
      // JSON drops undefined members; put back the ones the contract requires to be present
      return {
        ...data,
        finishReason: { unified: data.finishReason.unified, raw: data.finishReason.raw },
        usage: { ...data.usage, inputTokens: data.usage.inputTokens, outputTokens: data.usage.outputTokens },
      };
    },
    set(key, value) {
      writeJson(key, value);
    },
    getValue<T>(key: string, isValid?: (value: unknown) => value is T): T | undefined {
      const stored = readJson(key);
      if (!isPlainObject(stored) || !('value' in stored)) return undefined;
      const value: unknown = stored.value;
      if (isValid) return isValid(value) ? value : undefined;
      return value as T;
    },
    setValue(key, value) {
      writeJson(key, { value });
    },
  };
};
