// Step 9, trace: the one place a request's trace is put together, from what the other steps returned; the trace
// writer then stores it off the request path (and hands it to the OTLP exporter).
import type { MonitorJob } from '../../monitor/monitor-job.js';
import { isSampled } from '../../monitor/sample-decision.js';
import type { Message } from '../../spec/messages.js';
import type { Usage } from '../../spec/usage.js';
import type { ApiKeyRow, TraceAttempt, TraceInput } from '../../store/contract/gateway-store.js';
import { type GatewayError, gatewayErrors } from '../gateway-errors.js';
import { providerNameOf, type ResolvedRoute, type ResolvedTarget } from '../load-gateway-config.js';
import type { Answered } from './answer.js';

/** Whatever the steps that ran returned; a step that did not run (or failed) left its part out. */
export interface TraceParts {
  /** The path the request came on, e.g. `/v1/chat/completions`. */
  endpoint: string;
  /** Date.now() when the request arrived. */
  startedAt: number;
  latencyMs: number;
  /** The response id the client was (or would have been) given. */
  id: string;
  key?: ApiKeyRow;
  request?: { model: string; stream: boolean; callOptions?: { messages: Message[] } };
  /** The request body as sent, kept only when the route captures bodies. */
  body?: Buffer;
  route?: ResolvedRoute;
  call?: { attempts: TraceAttempt[]; target?: ResolvedTarget; modelId?: string };
  answer?: Answered;
  /** The call's cost at the target's price; null when unpriced. */
  costUsd?: number | null;
  /** What the client got instead of an answer. */
  failure?: GatewayError;
  /** The client left before its answer was complete. */
  clientGone?: boolean;
  /** The shutdown cut the request off after this many milliseconds of drain. */
  cutOffAfterMs?: number;
}

const tokens = (usage: Usage | undefined) => ({
  inputTokens: usage?.inputTokens ?? null,
  cachedInputTokens: usage?.cachedInputTokens ?? null,
  outputTokens: usage?.outputTokens ?? null,
  reasoningTokens: usage?.reasoningTokens ?? null,
});

/** The status, error code and message of the trace: the last word on how the request ended. */
const outcome = (parts: TraceParts): Pick<TraceInput, 'status' | 'errorCode' | 'errorMessage'> => {
  const { answer, failure } = parts;
  if (parts.cutOffAfterMs !== undefined) {
    return {
      status: gatewayErrors.shutdown_timeout.status,
      errorCode: 'shutdown_timeout',
      errorMessage: `cut off by the shutdown after the ${parts.cutOffAfterMs} ms drain timeout`,
    };
  }
  if (answer?.failure) {
    if (parts.clientGone) {
      return {
        status: 499,
        errorCode: 'client_closed_request',
        errorMessage: 'the client closed the request',
      };
    }
    // the client had a 200 and an error event: the trace says what broke
    return { status: 502, errorCode: answer.failure.code, errorMessage: answer.failure.message };
  }
  if (failure) return { status: failure.status, errorCode: failure.code, errorMessage: failure.message };
  return { status: answer?.status ?? 0, errorCode: null, errorMessage: null };
};

export const buildTrace = (parts: TraceParts): TraceInput => {
  const { call, answer, route } = parts;
  const capture = route?.capture === true;
  // a stream is not checked by the route's cascade: its answering attempt says so
  const streamed =
    answer?.attempt && route?.cascade
      ? { ...answer.attempt, cascade: 'skipped-stream' as const }
      : answer?.attempt;
  const attempts = streamed ? [...(call?.attempts ?? []), streamed] : (call?.attempts ?? []);
  const cacheHit = answer?.cacheHit === true;
  const usage = answer?.usage;
  return {
    id: parts.id,
    startedAt: new Date(parts.startedAt).toISOString(),
    keyId: parts.key?.id ?? null,
    keyName: parts.key?.name ?? null,
    route: route?.name ?? null,
    requestedModel: parts.request?.model ?? null,
    endpoint: parts.endpoint,
    stream: parts.request?.stream ?? false,
    ...outcome(parts),
    provider: call?.target ? providerNameOf(call.target) : null,
    // the model the upstream said answered; the configured one when there was no answer (it is in the attempts)
    model: answer?.model ?? call?.modelId ?? null,
    attempts,
    // a cached answer: the tokens it stands for, nothing spent
    ...(cacheHit
      ? {
          ...tokens(undefined),
          inputTokens: usage?.inputTokens ?? null,
          outputTokens: usage?.outputTokens ?? null,
        }
      : tokens(usage)),
    // what the key was charged: the usage's cost, or the estimate for a stream cut short
    costUsd: cacheHit ? 0 : answer ? (parts.costUsd ?? null) : null,
    ttftMs: answer?.ttftMs ?? null,
    latencyMs: parts.latencyMs,
    cacheHit,
    requestJson: capture && parts.body ? parts.body.toString('utf8') : null,
    responseJson: capture ? (answer?.responseJson ?? null) : null,
  };
};

/** The trace of a request that just arrived and went no further, e.g. as the start of a test's trace. */
export const newTrace = (endpoint: string, startedAt: number): TraceInput =>
  buildTrace({ endpoint, startedAt, latencyMs: 0, id: '' });

/**
 * The monitor's sample of this request, when its route monitors and samples it: only a whole answer from a target
 * (not an error, a broken stream or a cache hit). It carries the bodies the checks need whatever `capture` says.
 */
export const toMonitorJob = (parts: TraceParts, trace: TraceInput): MonitorJob | undefined => {
  const monitor = parts.route?.monitor;
  const answer = parts.answer;
  const target = parts.call?.target;
  const messages = parts.request?.callOptions?.messages;
  if (!monitor || !answer?.result || !target || !messages || trace.route === null) return undefined;
  if (answer.cacheHit || answer.failure || trace.errorCode !== null) return undefined;
  if (!isSampled(trace.id, monitor.sample)) return undefined;
  return {
    traceId: trace.id,
    startedAt: trace.startedAt,
    route: trace.route,
    model: target.name,
    messages,
    output: answer.result.text,
    toolCalls: answer.result.toolCalls,
    latencyMs: trace.latencyMs,
    costUsd: trace.costUsd ?? undefined,
  };
};
