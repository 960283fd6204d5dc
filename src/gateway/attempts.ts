// One request's tries: the order of targets, each attempt's timeout, and what each attempt leaves in the trace.
import { toYardstickError, YardstickError } from '../spec/errors.js';
import type { TraceAttempt, TraceInput } from '../store/gateway-store.js';
import type { ClientLink } from './client-link.js';
import { clientGoneError } from './gateway-errors.js';
import type { ResolvedRoute, ResolvedTarget } from './load-gateway-config.js';
import { failureKindOf, upstreamFailure } from './upstream-failure.js';

/** Weighted choice of the first target; the others follow in config order, as fallbacks. */
export const attemptOrder = (targets: ResolvedTarget[], random: () => number): ResolvedTarget[] => {
  if (targets.length <= 1) return targets;
  const total = targets.reduce((sum, target) => sum + target.weight, 0);
  let pick = random() * total;
  let first = targets.length - 1;
  for (const [index, target] of targets.entries()) {
    pick -= target.weight;
    if (pick < 0) {
      first = index;
      break;
    }
  }
  return [targets[first] as ResolvedTarget, ...targets.filter((_, index) => index !== first)];
};

/** One attempt's abort signal: the route's timeout (re-armed by each streamed part) or the client leaving. */
export const startAttemptTimeout = (timeoutMs: number, client: ClientLink) => {
  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
  };
  client.onGone = () => controller.abort();
  arm();
  return {
    signal: controller.signal,
    arm,
    done(): void {
      clearTimeout(timer);
      client.onGone = undefined;
    },
    toError(error: unknown): YardstickError {
      if (timedOut)
        return new YardstickError('E_TIMEOUT', `no answer within ${timeoutMs} ms`, { retryable: true });
      return toYardstickError(error);
    },
  };
};

export type AttemptTimeout = ReturnType<typeof startAttemptTimeout>;

export const attemptRecord = (
  target: ResolvedTarget,
  started: number,
  error: YardstickError | undefined,
): TraceAttempt => ({
  provider: target.providerType,
  model: target.config.id.slice(target.providerType.length + 1),
  status: error === undefined ? 200 : (error.status ?? 0),
  latencyMs: performance.now() - started,
  error: error === undefined ? null : `${error.code}: ${error.message}`,
});

/** Records a failed attempt; throws what the client gets unless the route falls back on this failure. */
export const failedAttempt = (
  error: unknown,
  at: {
    trace: TraceInput;
    target: ResolvedTarget;
    started: number;
    timeout: AttemptTimeout;
    route: ResolvedRoute;
    client: ClientLink;
  },
): YardstickError => {
  const failure = at.timeout.toError(error);
  at.timeout.done();
  at.trace.attempts.push(attemptRecord(at.target, at.started, failure));
  if (at.client.aborted) throw clientGoneError();
  const kind = failureKindOf(failure);
  if (kind === undefined || !at.route.fallbackOn.includes(kind)) throw upstreamFailure(failure);
  return failure;
};

/** A trace for a request that just arrived, filled in as it is served. */
export const newTrace = (endpoint: string, startedAt: number): TraceInput => ({
  id: '',
  startedAt: new Date(startedAt).toISOString(),
  keyId: null,
  keyName: null,
  route: null,
  requestedModel: null,
  endpoint,
  stream: false,
  status: 0,
  provider: null,
  model: null,
  errorCode: null,
  errorMessage: null,
  attempts: [],
  inputTokens: null,
  cachedInputTokens: null,
  outputTokens: null,
  reasoningTokens: null,
  costUsd: null,
  ttftMs: null,
  latencyMs: 0,
  cacheHit: false,
  requestJson: null,
  responseJson: null,
});
