// Step 7, call: the route's targets in the order the route step chose, each attempt under the route's timeout;
// a failure the route names in `fallbackOn` is retried on the same target (`retries`, with the shared retry
// policy's backoff or the upstream's Retry-After, when the wait fits in what is left of `timeoutMs`), then falls
// back to the next target. A target whose circuit is open is skipped. A whole answer that fails the route's
// cascade goes to the next target too. Every attempt, skip and escalation is in the trace.
import { type Deadline, startDeadline } from '../../async/deadline.js';
import { backoff, retryDelayWithin } from '../../async/retry.js';
import { toYardstickError, YardstickError } from '../../spec/errors.js';
import type { TraceAttempt } from '../../store/contract/gateway-store.js';
import type { ClientLink } from '../client-link.js';
import { clientGoneError, GatewayError } from '../gateway-errors.js';
import { providerNameOf, type ResolvedRoute, type ResolvedTarget } from '../load-gateway-config.js';
import type { CircuitBreakers } from '../policies/circuit-breaker.js';
import { failureKindOf, upstreamFailure } from '../upstream-failure.js';

export interface CallDeps {
  /** Backoff jitter, in [0, 1). */
  random: () => number;
  /** Milliseconds, for what is left of the route's timeout. */
  now: () => number;
  /** The wait between retries; resolves early when the client leaves. */
  sleep: (delayMs: number, client: ClientLink) => Promise<void>;
  breakers: CircuitBreakers;
}

export interface CallPlan<Model extends { modelId: string }, Value> {
  route: ResolvedRoute;
  targets: readonly ResolvedTarget[];
  client: ClientLink;
  /** The target's model; throws (e.g. E_API_KEY_MISSING) when it cannot be made, and the next target is tried. */
  model(target: ResolvedTarget): Model;
  run(model: Model, signal: AbortSignal, target: ResolvedTarget): Promise<Value>;
  /**
   * True for a stream: `run` resolves with its first part and the attempt goes on, so its deadline is handed
   * over (the answer restarts it per part and releases it) and its record is left to the answer.
   */
  open: boolean;
  /**
   * The route's cascade, for a whole answer only: why the answer fails its checks, or undefined when it passes.
   * A failing answer goes to the next target; the last target's answer is served whatever the checks say.
   */
  check?: (value: Value, target: ResolvedTarget, latencyMs: number) => Promise<string | undefined>;
}

export type Called<Model, Value> =
  | {
      ok: true;
      value: Value;
      target: ResolvedTarget;
      model: Model;
      attempts: TraceAttempt[];
      /** performance.now() when the answering attempt started. */
      started: number;
      /** Only for an open attempt (a stream): its deadline, still running. */
      deadline: Deadline | undefined;
    }
  | {
      ok: false;
      error: GatewayError;
      attempts: TraceAttempt[];
      /** The last target tried and its model, if any was made: the trace names them. */
      target: ResolvedTarget | undefined;
      model: Model | undefined;
    };

/** One attempt as the trace keeps it. */
export const attemptRecord = (
  target: ResolvedTarget,
  started: number,
  error: YardstickError | undefined,
): TraceAttempt => ({
  provider: providerNameOf(target),
  model: target.config.id.slice(target.providerType.length + 1),
  status: error === undefined ? 200 : (error.status ?? 0),
  latencyMs: performance.now() - started,
  error: error === undefined ? null : `${error.code}: ${error.message}`,
});

/** What an attempt's failure was: a timeout when its deadline ran out, else the error as thrown. */
export const attemptFailure = (deadline: Deadline, timeoutMs: number, error: unknown): YardstickError =>
  deadline.timedOut
    ? new YardstickError('E_TIMEOUT', `no answer within ${timeoutMs} ms`, { retryable: true })
    : toYardstickError(error);

const noTarget = (): YardstickError => new YardstickError('E_INTERNAL', 'no target could be called');

/** A target skipped by its open circuit, as the trace keeps it. */
const skippedRecord = (target: ResolvedTarget, reason: string): TraceAttempt => ({
  provider: providerNameOf(target),
  model: target.config.id.slice(target.providerType.length + 1),
  status: 0,
  latencyMs: 0,
  error: reason,
});

/** Every target was skipped by its open circuit: 503, and when to come back. */
const allSkipped = (route: ResolvedRoute, until: number): GatewayError =>
  new GatewayError(
    'circuit_open',
    `every target of route "${route.name}" is skipped after failing repeatedly (circuit open); try again later`,
    { headers: { 'retry-after': String(Math.max(1, Math.ceil((until - Date.now()) / 1000))) } },
  );

/** Waits `delayMs`, or less when the client leaves first. */
export const sleepUnlessGone = (delayMs: number, client: ClientLink): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, delayMs);
    function done(): void {
      clearTimeout(timer);
      client.onGone = undefined;
      resolve();
    }
    client.onGone = done;
  });

/**
 * @example
 * const called = await call(deps, { route, targets, client, open: false,
 *   model: (target) => models.language(target), run: (model, signal) => model.generate({ ...options, abortSignal: signal }) });
 */
export const call = async <Model extends { modelId: string }, Value>(
  deps: CallDeps,
  plan: CallPlan<Model, Value>,
): Promise<Called<Model, Value>> => {
  const { route, client } = plan;
  const { breakers } = deps;
  const settings = route.circuitBreaker;
  const attempts: TraceAttempt[] = [];
  let tried = false;
  let reopensAt = Number.POSITIVE_INFINITY;
  const callStarted = deps.now();
  let lastError: YardstickError | undefined;
  let lastTarget: ResolvedTarget | undefined;
  let lastModel: Model | undefined;
  // an answer the cascade escalated from: served after all when no later target answers
  let held: Extract<Called<Model, Value>, { ok: true }> | undefined;
  const failed = (error: GatewayError): Called<Model, Value> =>
    held !== undefined && !client.aborted
      ? held
      : { ok: false, error, attempts, target: lastTarget, model: lastModel };
  targets: for (const [index, target] of plan.targets.entries()) {
    const circuit = breakers.check(target, settings);
    if (circuit.skip) {
      attempts.push(skippedRecord(target, circuit.reason));
      reopensAt = Math.min(reopensAt, circuit.until);
      continue;
    }
    tried = true;
    const madeAt = performance.now();
    let model: Model;
    try {
      model = plan.model(target);
    } catch (error) {
      // e.g. the provider's key is not set: no retry can fix that, the next target may
      breakers.abandoned(target);
      lastError = toYardstickError(error);
      attempts.push(attemptRecord(target, madeAt, lastError));
      lastTarget = target;
      lastModel = undefined;
      continue;
    }
    lastTarget = target;
    lastModel = model;
    for (let retry = 0; ; retry += 1) {
      if (client.aborted) return failed(clientGoneError());
      const started = performance.now();
      const deadline = startDeadline(route.timeoutMs);
      client.onGone = deadline.abort;
      try {
        const value = await plan.run(model, deadline.signal, target);
        breakers.succeeded(target);
        if (plan.open) return { ok: true, value, target, model, attempts, started, deadline };
        client.onGone = undefined;
        deadline.release();
        const record = attemptRecord(target, started, undefined);
        const answered = { ok: true as const, value, target, model, attempts, started, deadline: undefined };
        const failure = plan.check ? await plan.check(value, target, record.latencyMs) : undefined;
        if (plan.check) record.cascade = failure === undefined ? 'passed' : 'failed-last';
        if (failure !== undefined) {
          record.error = `cascade: ${failure}`;
          if (index < plan.targets.length - 1) {
            record.cascade = 'escalated';
            attempts.push(record);
            held = answered;
            continue targets;
          }
        }
        attempts.push(record);
        return answered;
      } catch (error) {
        client.onGone = undefined;
        const failure = attemptFailure(deadline, route.timeoutMs, error);
        deadline.release();
        attempts.push(attemptRecord(target, started, failure));
        if (client.aborted) {
          breakers.abandoned(target);
          return failed(clientGoneError());
        }
        const kind = failureKindOf(failure);
        if (kind === undefined || !route.fallbackOn.includes(kind)) {
          breakers.abandoned(target);
          return failed(upstreamFailure(failure));
        }
        lastError = failure;
        // a failure the route moves on from counts against the target; an opened circuit ends its retries
        if (breakers.failed(target, settings) || retry >= route.retries) break;
        const left = route.timeoutMs - (deps.now() - callStarted);
        const waitMs = retryDelayWithin(failure, retry + 1, left, { ...backoff, random: deps.random });
        // a wait that does not fit in the route's time: the next target, at once
        if (waitMs === undefined) break;
        await deps.sleep(waitMs, client);
      }
    }
  }
  if (!tried) return failed(allSkipped(route, reopensAt));
  return failed(upstreamFailure(lastError ?? noTarget()));
};
