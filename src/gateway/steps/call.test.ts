import { describe, expect, it } from 'vitest';
import { YardstickError } from '../../spec/errors.js';
import type { ClientLink } from '../client-link.js';
import type { ResolvedRoute, ResolvedTarget } from '../load-gateway-config.js';
import { createCircuitBreakers } from '../policies/circuit-breaker.js';
import { testRoute, testTarget } from '../test-gateway.js';
import { type CallDeps, type CallPlan, call } from './call.js';

const target = (name: string): ResolvedTarget => testTarget(name);

const route = (overrides: Partial<ResolvedRoute> = {}): ResolvedRoute =>
  testRoute({ targets: [target('a'), target('b')], timeoutMs: 5_000, ...overrides });

const serverError = () => new YardstickError('E_HTTP_SERVER', 'HTTP 503', { status: 503, retryable: true });
const rateLimited = (retryAfterMs: number) =>
  new YardstickError('E_HTTP_RATE_LIMIT', 'HTTP 429', { status: 429, retryable: true, retryAfterMs });

interface FakeModel {
  modelId: string;
}

/** Deps whose clock moves only when `sleep` is called, recording every wait. */
const fakeDeps = (random = () => 0.5) => {
  let clock = 0;
  const waits: number[] = [];
  const deps: CallDeps = {
    breakers: createCircuitBreakers(),
    random,
    now: () => clock,
    sleep: async (delayMs) => {
      waits.push(delayMs);
      clock += delayMs;
    },
  };
  return { deps, waits };
};

/** A plan whose attempts answer from `script` in turn: an error to throw, or a value to return. */
const planOf = (
  resolved: ResolvedRoute,
  script: Array<YardstickError | string | ((signal: AbortSignal) => Promise<string>)>,
  client: ClientLink = { aborted: false, onGone: undefined },
): CallPlan<FakeModel, string> & { calls: string[] } => {
  const calls: string[] = [];
  return {
    calls,
    route: resolved,
    targets: resolved.targets,
    client,
    open: false,
    model: (picked) => ({ modelId: picked.config.id.slice('openai:'.length) }),
    async run(model, signal) {
      calls.push(model.modelId);
      const next = script.shift();
      if (next === undefined) throw new Error('unscripted attempt');
      if (typeof next === 'function') return next(signal);
      if (next instanceof YardstickError) throw next;
      return next;
    },
  };
};

describe('the call step', () => {
  it('falls back to the next target on a failure the route names, recording both attempts', async () => {
    const plan = planOf(route(), [serverError(), 'from b']);
    const called = await call(fakeDeps().deps, plan);
    expect(called.ok && called.value).toBe('from b');
    expect(called.ok && called.target.name).toBe('up:b');
    expect(called.attempts.map((attempt) => [attempt.model, attempt.status, attempt.error])).toEqual([
      ['a', 503, 'E_HTTP_SERVER: HTTP 503'],
      ['b', 200, null],
    ]);
  });

  it('returns at once what fallbackOn leaves out, as the client is to be told', async () => {
    const rejected = new YardstickError('E_HTTP_CLIENT', 'bad temperature', { status: 422 });
    const plan = planOf(route({ fallbackOn: ['5xx'] }), [rejected]);
    const called = await call(fakeDeps().deps, plan);
    expect(called.ok).toBe(false);
    if (!called.ok)
      expect([called.error.status, called.error.code]).toEqual([422, 'upstream_rejected_request']);
    expect(plan.calls).toEqual(['a']);
  });

  it('skips a target whose model cannot be made, and says why when no target is left', async () => {
    const missing = new YardstickError('E_API_KEY_MISSING', 'NOT_SET_KEY is not set');
    const plan = planOf(route({ retries: 3 }), ['unused']);
    plan.model = () => {
      throw missing;
    };
    const called = await call(fakeDeps().deps, plan);
    expect(called.ok).toBe(false);
    if (!called.ok) {
      expect([called.error.status, called.error.code]).toEqual([503, 'provider_not_configured']);
      expect(called.error.message).toContain('NOT_SET_KEY is not set');
    }
    expect(called.attempts).toHaveLength(2);
    expect(plan.calls).toEqual([]);
  });

  it('times an attempt out at the route’s timeout as a 504 when no target is left', async () => {
    const hang = (signal: AbortSignal) =>
      new Promise<string>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    const plan = planOf(route({ timeoutMs: 50, targets: [target('a')] }), [hang]);
    const called = await call(fakeDeps().deps, plan);
    expect(called.ok).toBe(false);
    if (!called.ok) expect([called.error.status, called.error.code]).toEqual([504, 'upstream_timeout']);
    expect(called.attempts[0]?.error).toBe('E_TIMEOUT: no answer within 50 ms');
  });

  it('aborts the attempt when the client leaves, and calls it a client abort', async () => {
    const client: ClientLink = { aborted: false, onGone: undefined };
    let seen: AbortSignal | undefined;
    const hang = (signal: AbortSignal) => {
      seen = signal;
      return new Promise<string>((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason)),
      );
    };
    const pending = call(fakeDeps().deps, planOf(route(), [hang, 'never'], client));
    await new Promise((resolve) => setTimeout(resolve, 10));
    client.aborted = true;
    client.onGone?.();
    const called = await pending;
    expect(seen?.aborted).toBe(true);
    expect(called.ok).toBe(false);
    if (!called.ok) expect([called.error.status, called.error.code]).toEqual([499, 'client_closed_request']);
  });

  it('retries a 429 after its Retry-After when the wait fits in the route’s timeout', async () => {
    const { deps, waits } = fakeDeps();
    const plan = planOf(route({ targets: [target('a')], retries: 2 }), [
      rateLimited(1_000),
      'after the wait',
    ]);
    const called = await call(deps, plan);
    expect(called.ok && called.value).toBe('after the wait');
    expect(waits).toEqual([1_000]);
    expect(plan.calls).toEqual(['a', 'a']);
  });

  it('falls back at once when the Retry-After asked for does not fit in what is left of the timeout', async () => {
    const { deps, waits } = fakeDeps();
    const plan = planOf(route({ retries: 2, timeoutMs: 5_000 }), [rateLimited(120_000), 'from b']);
    const called = await call(deps, plan);
    expect(called.ok && called.value).toBe('from b');
    expect(waits).toEqual([]);
    expect(plan.calls).toEqual(['a', 'b']);
  });

  it('backs off with jitter between 5xx retries, and stops retrying when the backoff no longer fits', async () => {
    const draws = [0.5, 0.25, 0.9];
    const { deps, waits } = fakeDeps(() => draws.shift() ?? 0);
    const plan = planOf(route({ retries: 3, timeoutMs: 2_000 }), [
      serverError(),
      serverError(),
      serverError(),
      'from b',
    ]);
    const called = await call(deps, plan);
    // retry n waits random × 500 ms × 2^(n-1): 0.5 × 500, then 0.25 × 1000; the third, 0.9 × 2000 = 1800 ms,
    // does not fit in the 2000 - 500 ms left, so the next target is tried at once
    expect(waits).toEqual([250, 250]);
    expect(plan.calls).toEqual(['a', 'a', 'a', 'b']);
    expect(called.ok && called.value).toBe('from b');
  });

  it('hands a stream’s running attempt, deadline and all, to the answer', async () => {
    const plan = { ...planOf(route(), ['first part']), open: true };
    const called = await call(fakeDeps().deps, plan);
    expect(called.ok).toBe(true);
    if (called.ok) {
      expect(called.attempts).toEqual([]);
      expect(called.deadline?.signal.aborted).toBe(false);
      called.deadline?.release();
    }
  });

  it('skips a target whose circuit is open, saying so in the attempts, and ends its retries when it opens', async () => {
    const { deps } = fakeDeps();
    const resolved = route({ retries: 5, circuitBreaker: { failures: 2, coolDownMs: 30_000 } });
    const first = planOf(resolved, [serverError(), serverError(), 'from b']);
    const called = await call(deps, first);
    // two failures opened a's circuit: no third retry of a, b answers
    expect(first.calls).toEqual(['a', 'a', 'b']);
    expect(called.ok && called.value).toBe('from b');
    const next = planOf(resolved, ['from b again']);
    const skipped = await call(deps, next);
    expect(next.calls).toEqual(['b']);
    expect(skipped.attempts[0]).toMatchObject({
      model: 'a',
      status: 0,
      error: expect.stringMatching(/^skipped: circuit open until /),
    });
    expect(deps.breakers.metrics()).toEqual({ open: 1, skips: 1 });
  });

  it('answers 503 circuit_open with Retry-After when every target is skipped', async () => {
    const { deps } = fakeDeps();
    const resolved = route({ targets: [target('a')], circuitBreaker: { failures: 1, coolDownMs: 10_000 } });
    await call(deps, planOf(resolved, [serverError()]));
    const called = await call(deps, planOf(resolved, ['never']));
    expect(called.ok).toBe(false);
    if (!called.ok) {
      expect([called.error.status, called.error.code]).toEqual([503, 'circuit_open']);
      expect(Number(called.error.headers['retry-after'])).toBeGreaterThanOrEqual(9);
    }
  });
});
