// Optional export of every gateway request as an OpenTelemetry span over OTLP/HTTP (JSON), with the GenAI
// semantic-convention attributes, so traces can also go to an existing collector. Batched, bounded, never
// on the request path; a full queue or a failed export is counted and logged, never retried forever.
import { randomBytes } from 'node:crypto';
import type { TraceInput } from '../store/contract/gateway-store.js';

/** Where spans go: tracing.otlp of gateway.yaml. */
export interface OtlpTarget {
  endpoint: string;
  headers?: Record<string, string>;
}

export interface OtlpOptions extends OtlpTarget {
  /** Spans waiting before new ones are dropped. */
  maxQueue?: number;
  batchSize?: number;
  intervalMs?: number;
  log: (line: string) => void;
}

type AttributeValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number }
  | { boolValue: boolean };

const attribute = (
  key: string,
  value: string | number | boolean | null,
): { key: string; value: AttributeValue }[] => {
  if (value === null) return [];
  if (typeof value === 'string') return [{ key, value: { stringValue: value } }];
  if (typeof value === 'boolean') return [{ key, value: { boolValue: value } }];
  return [{ key, value: Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value } }];
};

const toNanos = (ms: number): string => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

/**
 * One span per request, named as the GenAI conventions ask: `{operation} {model}`. The request model is the one
 * configured on the target last called (the client's route name is `yardstick.route`); the response model is
 * the one the upstream reported.
 */
export const toOtlpSpan = (trace: TraceInput) => {
  const operation = trace.endpoint === '/v1/embeddings' ? 'embeddings' : 'chat';
  const called = trace.attempts.findLast((attempt) => attempt.status !== 0 || attempt.latencyMs > 0);
  const start = Date.parse(trace.startedAt);
  return {
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    name: `${operation} ${trace.model ?? trace.requestedModel ?? ''}`.trim(),
    kind: 3,
    startTimeUnixNano: toNanos(start),
    endTimeUnixNano: toNanos(start + trace.latencyMs),
    attributes: [
      ...attribute('gen_ai.operation.name', operation),
      ...attribute('gen_ai.provider.name', trace.provider),
      ...attribute('gen_ai.request.model', called?.model ?? trace.requestedModel),
      ...attribute('gen_ai.response.model', trace.model),
      ...attribute('gen_ai.response.id', trace.id),
      ...attribute('gen_ai.usage.input_tokens', trace.inputTokens),
      ...attribute('gen_ai.usage.output_tokens', trace.outputTokens),
      ...attribute('http.response.status_code', trace.status),
      ...attribute('error.type', trace.errorCode),
      ...attribute('yardstick.route', trace.route),
      ...attribute('yardstick.requested_model', trace.requestedModel),
      ...attribute('yardstick.key.name', trace.keyName),
      ...attribute('yardstick.cost_usd', trace.costUsd),
      ...attribute('yardstick.cache_hit', trace.cacheHit),
      ...attribute('yardstick.attempts', trace.attempts.length),
      ...attribute('yardstick.ttft_ms', trace.ttftMs),
    ],
    status: trace.status >= 400 ? { code: 2, message: trace.errorMessage ?? '' } : { code: 1 },
  };
};

export const createOtlpExporter = ({
  endpoint,
  headers = {},
  maxQueue = 10_000,
  batchSize = 512,
  intervalMs = 1_000,
  log,
}: OtlpOptions) => {
  let queue: ReturnType<typeof toOtlpSpan>[] = [];
  let dropped = 0;
  let exported = 0;
  let failed = 0;
  let sending: Promise<void> | undefined;

  const send = async (spans: ReturnType<typeof toOtlpSpan>[]): Promise<void> => {
    const body = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: attribute('service.name', 'yardstick-gateway') },
          scopeSpans: [{ scope: { name: 'yardstick', version: '0.1.0' }, spans }],
        },
      ],
    });
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(5_000),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`the collector answered ${response.status}`);
      exported += spans.length;
    } catch (error) {
      failed += spans.length;
      log(
        `OTLP export of ${spans.length} span(s) to ${new URL(endpoint).host} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };

  const flush = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.slice(0, batchSize);
      queue = queue.slice(batch.length);
      await send(batch);
    }
  };

  const tick = (): void => {
    if (sending || queue.length === 0) return;
    sending = flush().finally(() => {
      sending = undefined;
    });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();

  return {
    add(trace: TraceInput): void {
      if (queue.length >= maxQueue) {
        dropped += 1;
        return;
      }
      queue.push(toOtlpSpan(trace));
      if (queue.length >= batchSize) tick();
    },
    /** Sends everything queued (graceful shutdown). */
    async shutdown(): Promise<void> {
      clearInterval(timer);
      await sending;
      await flush();
    },
    metrics: () => ({ queued: queue.length, exported, failed, dropped }),
  };
};

export type OtlpExporter = ReturnType<typeof createOtlpExporter>;
