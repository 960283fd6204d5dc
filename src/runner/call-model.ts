// One logical model call for the runner: cache lookup, per-attempt timeout, retries with backoff, stream collection.
import { startDeadline } from '../async/deadline.js';
import { withRetries } from '../async/retry.js';
import { toYardstickError, YardstickError } from '../spec/errors.js';
import type { CallOptions, GenerateResult, LanguageModel } from '../spec/language-model.js';
import type { ModelConfig } from '../spec/model-config.js';
import { collectStream } from './collect-stream.js';
import { cacheKey, type ResponseCache } from './response-cache.js';

export interface CallRequest {
  model: LanguageModel;
  config: ModelConfig;
  options: CallOptions;
  /** Repeat index: each repeat is its own cache entry. */
  repeat: number;
  cache: ResponseCache | undefined;
  abortSignal: AbortSignal;
  onRetry?: (error: YardstickError, delayMs: number) => void;
  /** Injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type CallOutcome =
  | {
      ok: true;
      result: GenerateResult;
      latencyMs: number;
      attempts: number;
      cacheHit: boolean;
      requestHash: string;
    }
  | { ok: false; error: YardstickError; latencyMs: number; attempts: number; requestHash: string };

const defaultTimeoutMs = 60_000;
const defaultMaxRetries = 4;

/** The cache key covers everything that shapes the answer, and never an API key. */
export const requestHashOf = (config: ModelConfig, options: CallOptions, repeat: number): string =>
  cacheKey({
    id: config.id,
    baseUrl: config.baseUrl ?? null,
    // header templates as written (never their resolved values, which may hold secrets)
    headers: config.headers ?? null,
    messages: options.messages,
    tools: options.tools ?? null,
    toolChoice: options.toolChoice ?? null,
    temperature: options.temperature ?? null,
    maxTokens: options.maxTokens ?? null,
    topP: options.topP ?? null,
    stop: options.stop ?? null,
    seed: options.seed ?? null,
    responseFormat: options.responseFormat ?? null,
    stream: config.options?.stream ?? false,
    // some providers (the user's own code) see the vars too, so they are part of the request
    vars: options.vars ?? null,
    repeat,
  });

const attemptOnce = async (request: CallRequest, attemptSignal: AbortSignal): Promise<GenerateResult> => {
  // Object.assign, not `{ ...options, abortSignal }`: that literal form is promoted on Node 20 (see record-result.ts).
  const options: CallOptions = Object.assign({}, request.options, { abortSignal: attemptSignal });
  if (request.config.options?.stream) {
    return collectStream(request.model.stream(options), performance.now());
  }
  return request.model.generate(options);
};

export interface RetryTiming {
  attempts: number;
  /** When the last attempt started, so latency measures the answer, not the backoff before it. */
  lastStartedAt: number;
}

/** Each attempt gets its own timeout (`options.timeoutMs`); 429, 5xx, network errors and timeouts are retried. */
export const retryWithTimeout = async <T>(
  config: ModelConfig,
  abortSignal: AbortSignal,
  attempt: (signal: AbortSignal) => Promise<T>,
  timing: RetryTiming = { attempts: 0, lastStartedAt: performance.now() },
  hooks: Pick<CallRequest, 'onRetry' | 'sleep'> = {},
): Promise<T> => {
  const timeoutMs = config.options?.timeoutMs ?? defaultTimeoutMs;
  return withRetries(
    async () => {
      timing.attempts += 1;
      timing.lastStartedAt = performance.now();
      const deadline = startDeadline(timeoutMs, abortSignal);
      try {
        return await attempt(deadline.signal);
      } catch (error) {
        if (abortSignal.aborted) throw new YardstickError('E_ABORTED', 'the run was interrupted');
        if (deadline.timedOut) {
          throw new YardstickError('E_TIMEOUT', `no complete answer within ${timeoutMs} ms`, {
            retryable: true,
            cause: error,
          });
        }
        throw toYardstickError(error);
      } finally {
        deadline.release();
      }
    },
    {
      maxRetries: config.options?.maxRetries ?? defaultMaxRetries,
      abortSignal,
      ...(hooks.onRetry ? { onRetry: hooks.onRetry } : {}),
      ...(hooks.sleep ? { sleep: hooks.sleep } : {}),
    },
  );
};

export const callModel = async (request: CallRequest): Promise<CallOutcome> => {
  const requestHash = requestHashOf(request.config, request.options, request.repeat);
  const cache = request.model.cacheable === false ? undefined : request.cache;
  const cached = cache?.get(requestHash);
  if (cached) {
    const { latencyMs, ...result } = cached;
    return { ok: true, result, latencyMs, attempts: 0, cacheHit: true, requestHash };
  }

  const timing: RetryTiming = { attempts: 0, lastStartedAt: performance.now() };
  try {
    const result = await retryWithTimeout(
      request.config,
      request.abortSignal,
      (signal) => attemptOnce(request, signal),
      timing,
      request,
    );
    const latencyMs = performance.now() - timing.lastStartedAt;
    cache?.set(requestHash, { latencyMs, ...result });
    return { ok: true, result, latencyMs, attempts: timing.attempts, cacheHit: false, requestHash };
  } catch (error) {
    const latencyMs = performance.now() - timing.lastStartedAt;
    return { ok: false, error: toYardstickError(error), latencyMs, attempts: timing.attempts, requestHash };
  }
};
