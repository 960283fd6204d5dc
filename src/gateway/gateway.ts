// The gateway's request handling: authenticate, resolve the route, admit under the key's limits, call the
// targets in order with fallbacks, answer in the client's wire format (streamed or not) and trace the request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Transport } from '../http/transport.js';
import { costOfUsage } from '../pricing/cost-of-usage.js';
import { resolvePrice } from '../pricing/resolve-price.js';
import { toYardstickError, type YardstickError } from '../spec/errors.js';
import type { CallOptions, GenerateResult, LanguageModel, StreamPart } from '../spec/language-model.js';
import type { Usage } from '../spec/usage.js';
import type { ApiKeyRow, GatewayStore, TraceInput } from '../store/gateway-store.js';
import { createKeyChecker } from './api-keys.js';
import { attemptOrder, attemptRecord, failedAttempt, newTrace, startAttemptTimeout } from './attempts.js';
import type { ClientLink } from './client-link.js';
import { cacheKeyOf, createExactCache } from './exact-cache.js';
import { clientGoneError, GatewayError, toGatewayError } from './gateway-errors.js';
import { presentedKey, readRequest, sendJson } from './http-exchange.js';
import { createInFlight } from './in-flight.js';
import { createKeyLimits } from './key-limits.js';
import type { LoadedGatewayConfig, ResolvedTarget } from './load-gateway-config.js';
import { embeddingsRequestSchema } from './openai-wire.js';
import { createOtlpExporter } from './otlp-exporter.js';
import { type Endpoint, resolveEndpoint } from './resolve-endpoint.js';
import { createRouteAccess } from './route-access.js';
import { sendEmbeddings } from './send-embeddings.js';
import { pipeStream, replayCached } from './stream-answer.js';
import { createTargetModels } from './target-models.js';
import { createThreadedTraceWriter, createTraceWriter, type TraceWriter } from './trace-writer.js';
import { upstreamFailure } from './upstream-failure.js';
import { nextResponseId, parseRequest, type WireProtocol } from './wire-protocol.js';

export interface GatewayOptions {
  loaded: LoadedGatewayConfig;
  store: GatewayStore;
  /** Provider keys: the environment, with the secrets file's entries. */
  env: Record<string, string | undefined>;
  transport?: Transport;
  log?: (line: string) => void;
  /** Write traces in a worker thread with its own connection to this database (what `serve` does). */
  traceThread?: { dbPath: string };
  /** Picks the first target by weight; injectable for tests. */
  random?: () => number;
}

const noTarget = (): YardstickError => toYardstickError(new Error('no target could be called'));

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
  const random = options.random ?? Math.random;
  const bodyLimit = loaded.config.server.maxBodyBytes;
  const drainTimeoutMs = loaded.config.server.drainTimeoutMs;
  const limits = createKeyLimits(store);
  const checkKey = createKeyChecker(store);
  const routes = createRouteAccess(loaded);
  const models = createTargetModels(options.env, options.transport);
  const cache = createExactCache();
  const otlpConfig = loaded.config.tracing.otlp;
  const otlp = otlpConfig
    ? createOtlpExporter({
        endpoint: otlpConfig.endpoint,
        ...(otlpConfig.headers ? { headers: otlpConfig.headers } : {}),
        log,
      })
    : undefined;
  const writerOptions = {
    queueSize: loaded.config.tracing.queueSize,
    log,
    ...(otlp ? { onTrace: (trace: TraceInput) => otlp.add(trace) } : {}),
  };
  const traces: TraceWriter = options.traceThread
    ? createThreadedTraceWriter({ ...writerOptions, dbPath: options.traceThread.dbPath })
    : createTraceWriter({ ...writerOptions, store });
  const requests = createInFlight();
  let draining = false;
  const counters = { requests: 0, errors: 0 };

  /** Puts a call's usage and cost on its trace and charges them to the key. */
  const chargeUsage = (trace: TraceInput, target: ResolvedTarget, usage: Usage, key: ApiKeyRow): void => {
    trace.inputTokens = usage.inputTokens ?? null;
    trace.cachedInputTokens = usage.cachedInputTokens ?? null;
    trace.outputTokens = usage.outputTokens ?? null;
    trace.reasoningTokens = usage.reasoningTokens ?? null;
    const price = resolvePrice(target.config);
    trace.costUsd = price ? (costOfUsage(usage, price.price) ?? null) : null;
    limits.charge(key, (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0), trace.costUsd);
  };

  const admitOrThrow = (key: ApiKeyRow): void => {
    const admitted = limits.admit(key);
    if (!admitted.ok) {
      throw new GatewayError('key_limit', admitted.message, {
        headers: { 'retry-after': String(admitted.retryAfterSeconds) },
      });
    }
  };

  /** Chat in either format: the cache, then each target in turn; a stream falls back only before its first part. */
  const serveChat = async (
    protocol: WireProtocol,
    request: IncomingMessage,
    response: ServerResponse,
    trace: TraceInput,
    key: ApiKeyRow,
    client: ClientLink,
  ): Promise<void> => {
    const { body, value: chat } = await readRequest(request, bodyLimit, (json) => protocol.parse(json));
    trace.requestedModel = chat.model;
    trace.stream = chat.stream;
    const route = routes.resolve(chat.model, key);
    trace.route = route.name;
    if (route.capture) trace.requestJson = body.toString('utf8');
    admitOrThrow(key);
    const id = protocol.newId();
    trace.id = id;
    const cacheKey = route.cache ? cacheKeyOf(route.name, chat.callOptions) : undefined;
    const hit = cacheKey === undefined ? undefined : cache.get(cacheKey);
    if (hit) {
      replayCached(protocol, response, trace, id, hit, chat);
      return;
    }
    const ttlSeconds = route.cache?.ttlSeconds ?? 0;
    const remember =
      cacheKey === undefined
        ? undefined
        : (model: string, result: GenerateResult) => cache.set(cacheKey, model, result, ttlSeconds);
    let lastError: YardstickError | undefined;
    for (const target of attemptOrder(route.targets, random)) {
      for (let attempt = 0; attempt <= route.retries; attempt += 1) {
        if (client.aborted) throw clientGoneError();
        const started = performance.now();
        let model: LanguageModel;
        try {
          model = models.language(target);
        } catch (error) {
          // e.g. the provider's key is not set: try the next target
          lastError = toYardstickError(error);
          trace.attempts.push(attemptRecord(target, started, lastError));
          break;
        }
        trace.provider = target.providerType;
        trace.model = model.modelId;
        const timeout = startAttemptTimeout(route.timeoutMs, client);
        const callOptions: CallOptions = { ...chat.callOptions, abortSignal: timeout.signal };
        let first: IteratorResult<StreamPart>;
        let iterator: AsyncIterator<StreamPart>;
        try {
          if (!chat.stream) {
            const result = await model.generate(callOptions);
            timeout.done();
            trace.attempts.push(attemptRecord(target, started, undefined));
            chargeUsage(trace, target, result.usage, key);
            trace.status = 200;
            const answeredBy = result.response.modelId ?? model.modelId;
            remember?.(answeredBy, result);
            const text = sendJson(response, 200, protocol.completion(id, answeredBy, result));
            if (route.capture) trace.responseJson = text;
            return;
          }
          iterator = model.stream(callOptions)[Symbol.asyncIterator]();
          first = await iterator.next();
        } catch (error) {
          lastError = failedAttempt(error, { trace, target, started, timeout, route, client });
          continue;
        }
        await pipeStream(
          {
            protocol,
            response,
            trace,
            target,
            id,
            modelId: model.modelId,
            timeout,
            includeUsage: chat.includeUsage,
            started,
            onUsage: (usage) => chargeUsage(trace, target, usage, key),
            ...(remember ? { remember } : {}),
          },
          first,
          iterator,
        );
        return;
      }
    }
    throw upstreamFailure(lastError ?? noTarget());
  };

  /** POST /v1/embeddings, in the OpenAI format; base64 output as the openai SDK asks for by default. */
  const serveEmbeddings = async (
    request: IncomingMessage,
    response: ServerResponse,
    trace: TraceInput,
    key: ApiKeyRow,
    client: ClientLink,
  ): Promise<void> => {
    const { value: parsed } = await readRequest(request, bodyLimit, (json) =>
      parseRequest(embeddingsRequestSchema, json),
    );
    trace.requestedModel = parsed.model;
    const route = routes.resolve(parsed.model, key);
    trace.route = route.name;
    admitOrThrow(key);
    trace.id = nextResponseId('emb-');
    const inputs = typeof parsed.input === 'string' ? [parsed.input] : parsed.input;
    let lastError: YardstickError | undefined;
    for (const target of attemptOrder(route.targets, random)) {
      const started = performance.now();
      const timeout = startAttemptTimeout(route.timeoutMs, client);
      try {
        const model = models.embedding(target);
        trace.provider = target.providerType;
        trace.model = model.modelId;
        const result = await model.embed(inputs, { abortSignal: timeout.signal });
        timeout.done();
        trace.attempts.push(attemptRecord(target, started, undefined));
        chargeUsage(trace, target, { inputTokens: result.usage.inputTokens, outputTokens: 0 }, key);
        trace.status = 200;
        await sendEmbeddings(response, {
          embeddings: result.embeddings,
          base64: parsed.encoding_format === 'base64',
          model: model.modelId,
          inputTokens: result.usage.inputTokens ?? 0,
        });
        return;
      } catch (error) {
        lastError = failedAttempt(error, { trace, target, started, timeout, route, client });
      }
    }
    throw upstreamFailure(lastError ?? noTarget());
  };

  const metricsText = (): string => {
    const queue = traces.metrics();
    const cached = cache.metrics();
    return (
      `yardstick_gateway_requests_total ${counters.requests}\nyardstick_gateway_errors_total ${counters.errors}\n` +
      `yardstick_gateway_in_flight ${requests.size}\nyardstick_gateway_trace_queue ${queue.queued}\n` +
      `yardstick_gateway_traces_written_total ${queue.written}\nyardstick_gateway_traces_dropped_total ${queue.dropped}\n` +
      `yardstick_gateway_cache_entries ${cached.entries}\nyardstick_gateway_cache_hits_total ${cached.hits}\n`
    );
  };

  /** The endpoints that need no key; true when the request was one of them. */
  const servedWithoutKey = (endpoint: Endpoint, response: ServerResponse): boolean => {
    if (endpoint.kind === 'health') sendJson(response, 200, { status: 'ok' });
    else if (endpoint.kind === 'ready')
      sendJson(response, draining ? 503 : 200, { status: draining ? 'draining' : 'ready' });
    else if (endpoint.kind === 'metrics') {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      response.end(metricsText());
    } else return false;
    return true;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
    const endpoint = resolveEndpoint(request.method, path);
    if (servedWithoutKey(endpoint, response)) return;
    const started = performance.now();
    const trace = newTrace(path, Date.now());
    const client: ClientLink = { aborted: false, onGone: undefined };
    response.on('close', () => {
      if (response.writableFinished) return;
      client.aborted = true;
      client.onGone?.();
    });
    let cutOff = false;
    const done = requests.begin(response, () => {
      cutOff = true;
    });
    counters.requests += 1;
    let traced = true;
    const errors = endpoint.errors;
    try {
      if (draining) {
        throw new GatewayError('shutting_down', 'the gateway is shutting down', {
          headers: { connection: 'close' },
        });
      }
      if (endpoint.kind === 'refused') {
        traced = false;
        const { message, code, allow } = endpoint;
        throw new GatewayError(code, message, allow ? { headers: { allow } } : {});
      }
      const check = checkKey(presentedKey(request));
      if (!check.ok) throw new GatewayError('invalid_api_key', check.message);
      trace.keyId = check.key.id;
      trace.keyName = check.key.name;
      if (endpoint.kind === 'chat')
        await serveChat(endpoint.protocol, request, response, trace, check.key, client);
      else if (endpoint.kind === 'embeddings')
        await serveEmbeddings(request, response, trace, check.key, client);
      else {
        traced = false;
        const data = routes
          .allowed(check.key)
          .map((id) => ({ id, object: 'model', created: 0, owned_by: 'yardstick' }));
        sendJson(response, 200, { object: 'list', data });
      }
    } catch (error) {
      const clientError = toGatewayError(error);
      counters.errors += 1;
      trace.status = clientError.status;
      trace.errorCode ??= clientError.code;
      trace.errorMessage ??= clientError.message;
      if (clientError.status === 500) {
        log(
          `internal error on ${path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      }
      if (!response.headersSent && !response.destroyed) {
        sendJson(response, clientError.status, errors.errorBody(clientError), clientError.headers);
      } else if (!response.writableEnded) {
        response.end();
      }
    } finally {
      if (cutOff) {
        trace.status = 503;
        trace.errorCode = 'shutdown_timeout';
        trace.errorMessage = `cut off by the shutdown after the ${drainTimeoutMs} ms drain timeout`;
      }
      if (traced) {
        trace.latencyMs = performance.now() - started;
        if (trace.id === '') trace.id = errors.newId();
        traces.enqueue(trace);
      }
      done();
    }
  };

  return {
    handle,
    /**
     * Stops admitting requests and waits for those in flight, up to the drain timeout; then cuts off the
     * ones still running (traced as such) and writes every queued trace, acknowledged by the writer.
     */
    async drain(): Promise<DrainOutcome> {
      draining = true;
      let cut = 0;
      if (!(await requests.settled(drainTimeoutMs))) {
        cut = requests.cutOff();
        log(`drain timeout (${drainTimeoutMs} ms): cutting off ${cut} request(s) still in flight`);
        // a cut request's upstream call is aborted with its connection, so its handler ends at once
        await requests.settled(cutOffGraceMs);
      }
      const unfinished = requests.size;
      await traces.drain();
      await otlp?.shutdown();
      return { cutOff: cut, unfinished };
    },
    metrics: () => ({ ...counters, inFlight: requests.size, traces: traces.metrics() }),
  };
};

export type Gateway = ReturnType<typeof createGateway>;
