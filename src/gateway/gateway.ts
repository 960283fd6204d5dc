// The gateway's request handler: which endpoint a request is for, then the pipeline (pipeline.ts) with the
// authenticate step first and the trace step last, whatever happened in between; and the drain of a shutdown.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TraceInput } from '../store/contract/gateway-store.js';
import type { MonitorStore } from '../store/contract/monitor-store.js';
import type { ClientLink } from './client-link.js';
import { GatewayError, toGatewayError } from './gateway-errors.js';
import { sendJson } from './http-exchange.js';
import { createInFlight } from './in-flight.js';
import { capturedRedactions, createMonitor, monitorMetricsText } from './monitor-setup.js';
import { createOtlpExporter } from './otlp-exporter.js';
import { createPipeline, type Exchange, type PipelineOptions } from './pipeline.js';
import { type Endpoint, resolveEndpoint } from './resolve-endpoint.js';
import { serveChat } from './serve-chat.js';
import { serveCountTokens } from './serve-count-tokens.js';
import { serveEmbeddings } from './serve-embeddings.js';
import { answerError } from './steps/answer.js';
import { buildTrace, type TraceParts, toMonitorJob } from './steps/trace.js';
import { createThreadedTraceWriter, createTraceWriter, type TraceWriter } from './trace-writer.js';

export interface GatewayOptions extends PipelineOptions {
  log?: (line: string) => void;
  /** Write traces in a worker thread with its own connection to the store at this location (what `serve` does). */
  traceThread?: { storeLocation: string };
  /** Without `traceThread`, where monitored routes' samples are stored (scored on this thread). */
  monitorStore?: MonitorStore;
}

/** How long requests cut off by the drain timeout get to record their traces before the writer stops. */
const cutOffGraceMs = 2_000;

export interface DrainOutcome {
  /** Requests still running at the drain timeout, cut off and traced as `shutdown_timeout`. */
  cutOff: number;
  /** Requests that did not even end after being cut off: their traces are lost. */
  unfinished: number;
}

export const createGateway = (options: GatewayOptions) => {
  const { loaded, store } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const drainTimeoutMs = loaded.config.server.drainTimeoutMs;
  const pipeline = createPipeline({ ...options, log });
  const otlpConfig = loaded.config.tracing.otlp;
  const otlpTarget = otlpConfig
    ? { endpoint: otlpConfig.endpoint, ...(otlpConfig.headers ? { headers: otlpConfig.headers } : {}) }
    : undefined;
  const queueSize = loaded.config.tracing.queueSize;
  const redactBodies = capturedRedactions(loaded);
  // with a writer thread, spans are built and sent there; the inline writer (tests) exports from here
  const otlp = otlpTarget && !options.traceThread ? createOtlpExporter({ ...otlpTarget, log }) : undefined;
  const traces: TraceWriter = options.traceThread
    ? createThreadedTraceWriter({
        queueSize,
        log,
        storeLocation: options.traceThread.storeLocation,
        ...(otlpTarget ? { otlp: otlpTarget } : {}),
        redactBodies,
      })
    : createTraceWriter({
        queueSize,
        log,
        store,
        redactBodies,
        ...(otlp ? { onTrace: (trace: TraceInput) => otlp.add(trace) } : {}),
      });
  const monitor = createMonitor(options, log);
  const requests = createInFlight();
  let draining = false;
  const counters = { requests: 0, errors: 0 };

  const metricsText = (): string => {
    const queue = traces.metrics();
    const cached = pipeline.cache.metrics();
    const circuits = pipeline.callDeps.breakers.metrics();
    return (
      `yardstick_gateway_requests_total ${counters.requests}\nyardstick_gateway_errors_total ${counters.errors}\n` +
      `yardstick_gateway_in_flight ${requests.size}\nyardstick_gateway_trace_queue ${queue.queued}\n` +
      `yardstick_gateway_traces_written_total ${queue.written}\nyardstick_gateway_traces_dropped_total ${queue.dropped}\n` +
      (cached.entries === undefined ? '' : `yardstick_gateway_cache_entries ${cached.entries}\n`) +
      `yardstick_gateway_cache_hits_total ${cached.hits}\n` +
      `yardstick_gateway_circuits_open ${circuits.open}\nyardstick_gateway_circuit_skips_total ${circuits.skips}\n` +
      `yardstick_gateway_response_items ${pipeline.responseItems.size()}\n` +
      pipeline.qualifications.metricsText() +
      pipeline.redis.metricsText() +
      (monitor ? monitorMetricsText(monitor.metrics()) : '')
    );
  };

  /** The endpoints that need no key; true when the request was one of them. */
  const servedWithoutKey = (endpoint: Endpoint, response: ServerResponse): boolean => {
    if (endpoint.kind === 'health') sendJson(response, 200, { status: 'ok' });
    else if (endpoint.kind === 'ready') {
      // an unqualified cheapest-passing route still serves (in its listed order), so it does not fail readiness
      const routes = pipeline.qualifications.summary();
      sendJson(response, draining ? 503 : 200, {
        status: draining ? 'draining' : 'ready',
        ...(Object.keys(routes).length > 0 ? { routes } : {}),
      });
    } else if (endpoint.kind === 'metrics') {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      response.end(metricsText());
    } else return false;
    return true;
  };

  /** The steps after authenticate, by endpoint; false when the request is not traced (GET /v1/models). */
  const serve = async (endpoint: Endpoint, exchange: Exchange, parts: TraceParts): Promise<boolean> => {
    const key = await pipeline.authenticate(exchange.request.headers);
    parts.key = key;
    if (endpoint.kind === 'count-tokens') {
      await serveCountTokens(pipeline, exchange, key, parts);
      return true;
    }
    if (endpoint.kind !== 'wire') {
      const data = pipeline.routes
        .allowed(key)
        .map((id) => ({ id, object: 'model', created: 0, owned_by: 'yardstick' }));
      sendJson(exchange.response, 200, { object: 'list', data });
      return false;
    }
    const { wire } = endpoint;
    if (wire.operation === 'chat') await serveChat(pipeline, wire, exchange, key, parts);
    else await serveEmbeddings(pipeline, wire, exchange, key, parts);
    return true;
  };

  const exchangeOf = (request: IncomingMessage, response: ServerResponse): Exchange => {
    const client: ClientLink = { aborted: false, onGone: undefined };
    response.on('close', () => {
      if (response.writableFinished) return;
      client.aborted = true;
      client.onGone?.();
    });
    return { request, response, client };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
    const endpoint = resolveEndpoint(request.method, path);
    if (servedWithoutKey(endpoint, response)) return;
    const started = performance.now();
    const parts: TraceParts = { endpoint: path, startedAt: Date.now(), latencyMs: 0, id: '' };
    const exchange = exchangeOf(request, response);
    let cutOff = false;
    const done = requests.begin(response, () => {
      cutOff = true;
    });
    counters.requests += 1;
    let traced = endpoint.kind !== 'refused';
    try {
      if (draining) {
        throw new GatewayError('shutting_down', 'the gateway is shutting down', {
          headers: { connection: 'close' },
        });
      }
      if (endpoint.kind === 'refused') {
        const { message, code, allow } = endpoint;
        throw new GatewayError(code, message, allow ? { headers: { allow } } : {});
      }
      traced = await serve(endpoint, exchange, parts);
    } catch (error) {
      const failure = toGatewayError(error);
      counters.errors += 1;
      parts.failure = failure;
      if (failure.status === 500) {
        log(
          `internal error on ${path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      }
      answerError(response, endpoint.errors.errorBody, failure);
    } finally {
      if (traced) {
        parts.latencyMs = performance.now() - started;
        if (parts.id === '') parts.id = endpoint.errors.newId();
        parts.clientGone = exchange.client.aborted;
        if (cutOff) parts.cutOffAfterMs = drainTimeoutMs;
        const trace = buildTrace(parts);
        traces.enqueue(trace);
        if (monitor) {
          const job = toMonitorJob(parts, trace);
          if (job) monitor.offer(job);
        }
      }
      done();
    }
  };

  return {
    handle,
    /**
     * Resolves once what the gateway reads at start (qualification records) is read and the Redis connections
     * gateway.yaml asks for are up, waiting for Redis up to `timeoutMs`; false if Redis is not ready. Listen after it.
     */
    ready: async (timeoutMs = 0): Promise<boolean> => {
      await pipeline.qualifications.ready();
      return pipeline.redis.ready(timeoutMs);
    },
    /**
     * Stops admitting requests and waits for those in flight, up to the drain timeout; then cuts off the
     * ones still running (traced as such) and writes every queued trace, acknowledged by the writer.
     */
    async drain(): Promise<DrainOutcome> {
      draining = true;
      pipeline.qualifications.stop();
      let cut = 0;
      if (!(await requests.settled(drainTimeoutMs))) {
        cut = requests.cutOff();
        log(`drain timeout (${drainTimeoutMs} ms): cutting off ${cut} request(s) still in flight`);
        // a cut request's upstream call is aborted with its connection, so its handler ends at once
        await requests.settled(cutOffGraceMs);
      }
      const unfinished = requests.size;
      await traces.drain();
      await monitor?.drain(drainTimeoutMs);
      await otlp?.shutdown();
      await pipeline.redis.close();
      return { cutOff: cut, unfinished };
    },
    metrics: () => ({
      ...counters,
      inFlight: requests.size,
      traces: traces.metrics(),
      ...(monitor ? { monitor: monitor.metrics() } : {}),
    }),
  };
};

export type Gateway = ReturnType<typeof createGateway>;
