// The gateway's request handling: authenticate, resolve the route, admit under the key's limits, call the
// targets in order with fallbacks, answer in the OpenAI wire format (streamed or not) and trace the request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Transport } from '../http/transport.js';
import { costOfUsage } from '../pricing/cost-of-usage.js';
import { resolvePrice } from '../pricing/resolve-price.js';
import { createEmbeddingModel, createLanguageModel } from '../providers/registry.js';
import { toYardstickError, YardstickError } from '../spec/errors.js';
import type {
  CallOptions,
  EmbeddingModel,
  GenerateResult,
  LanguageModel,
  StreamPart,
} from '../spec/language-model.js';
import type { ToolCall } from '../spec/messages.js';
import { parseModelId } from '../spec/model-config.js';
import type { Usage } from '../spec/usage.js';
import type { ApiKeyRow, GatewayStore, TraceAttempt, TraceInput } from '../store/gateway-store.js';
import { anthropicProtocol } from './anthropic-wire.js';
import { createKeyChecker } from './api-keys.js';
import { cacheKeyOf, createExactCache } from './exact-cache.js';
import type { FailureKind } from './gateway-config.js';
import { createKeyLimits } from './key-limits.js';
import type { LoadedGatewayConfig, ResolvedRoute, ResolvedTarget } from './load-gateway-config.js';
import { resolveModel } from './load-gateway-config.js';
import { embeddingsRequestSchema, openaiProtocol } from './openai-wire.js';
import { createOtlpExporter } from './otlp-exporter.js';
import { createThreadedTraceWriter, createTraceWriter, type TraceWriter } from './trace-writer.js';
import {
  nextResponseId,
  type ParsedChat,
  parseRequest,
  type WireProtocol,
  WireRequestError,
} from './wire-protocol.js';

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

/** Whether the client went away, and what to abort when it does (a plain object: cheaper than an AbortSignal). */
interface ClientLink {
  aborted: boolean;
  onGone: (() => void) | undefined;
}

/** An error the client gets, in the OpenAI error shape. */
class ClientError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string | null,
    readonly headers: Record<string, string> = {},
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

const failureKindOf = (error: YardstickError): FailureKind | undefined => {
  switch (error.code) {
    case 'E_HTTP_RATE_LIMIT':
      return '429';
    case 'E_HTTP_SERVER':
      return '5xx';
    case 'E_TIMEOUT':
      return 'timeout';
    case 'E_NETWORK':
    case 'E_UNAVAILABLE':
      return 'network';
    case 'E_MALFORMED_RESPONSE':
    case 'E_STREAM_CUT':
      return 'malformed';
    default:
      return undefined;
  }
};

/** What the client is told when every target failed: the status that says whose fault it was. */
const clientErrorFor = (error: YardstickError): ClientError => {
  switch (error.code) {
    case 'E_HTTP_RATE_LIMIT':
      return new ClientError(
        429,
        `upstream rate limit: ${error.message}`,
        'rate_limit_error',
        'upstream_rate_limited',
        {
          'retry-after': String(Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000))),
        },
      );
    case 'E_TIMEOUT':
      return new ClientError(
        504,
        `upstream timed out: ${error.message}`,
        'upstream_error',
        'upstream_timeout',
      );
    case 'E_HTTP_CLIENT':
      return new ClientError(
        error.status ?? 400,
        error.message,
        'invalid_request_error',
        'upstream_rejected_request',
      );
    case 'E_API_KEY_MISSING':
    case 'E_HTTP_AUTH':
      // the gateway's own credentials for the provider: the operator's problem, and no secret in the message
      return new ClientError(
        503,
        `the gateway cannot call this provider: ${error.message}`,
        'upstream_error',
        'provider_not_configured',
      );
    default:
      return new ClientError(502, `upstream failed: ${error.message}`, 'upstream_error', 'upstream_error');
  }
};

const presentedKey = (request: IncomingMessage): string | undefined => {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice('Bearer '.length).trim();
  const header = request.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
};

/** Weighted choice of the first target; the others follow in config order, as fallbacks. */
const attemptOrder = (targets: ResolvedTarget[], random: () => number): ResolvedTarget[] => {
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

interface Trace extends TraceInput {}

const newTrace = (endpoint: string, startedAt: number): Trace => ({
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

/** The client-facing formats, by path. */
const protocols: Record<string, WireProtocol> = {
  '/v1/chat/completions': openaiProtocol,
  '/v1/messages': anthropicProtocol,
};

export const createGateway = (options: GatewayOptions) => {
  const { loaded, store } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const limits = createKeyLimits(store);
  const checkKey = createKeyChecker(store);
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
  const models = new Map<string, LanguageModel>();
  let inFlight = 0;
  let draining = false;
  let idle: (() => void) | undefined;
  const counters = { requests: 0, errors: 0 };

  const modelFor = (target: ResolvedTarget): LanguageModel => {
    let model = models.get(target.config.id + (target.config.baseUrl ?? ''));
    if (!model) {
      model = createLanguageModel(target.config, {
        env: options.env,
        baseDir: process.cwd(),
        ...(options.transport ? { transport: options.transport } : {}),
      });
      models.set(target.config.id + (target.config.baseUrl ?? ''), model);
    }
    return model;
  };

  const embedders = new Map<string, EmbeddingModel>();
  const embedderFor = (target: ResolvedTarget): EmbeddingModel => {
    const id = target.config.id + (target.config.baseUrl ?? '');
    let model = embedders.get(id);
    if (!model) {
      model = createEmbeddingModel(target.config, {
        env: options.env,
        baseDir: process.cwd(),
        ...(options.transport ? { transport: options.transport } : {}),
      });
      embedders.set(id, model);
    }
    return model;
  };

  const allowedRoutes = (key: ApiKeyRow): string[] =>
    [...loaded.routes.keys()].filter((name) => key.routes === null || key.routes.includes(name));

  const resolveRoute = (requested: string, key: ApiKeyRow): ResolvedRoute => {
    const route = loaded.routes.get(requested);
    const mayUse = (name: string): boolean => key.routes === null || key.routes.includes(name);
    if (route) {
      if (!mayUse(requested)) {
        throw new ClientError(
          403,
          `API key "${key.name}" may not use route "${requested}"; it may use: ${allowedRoutes(key).join(', ') || 'none'}`,
          'permission_error',
          'route_not_allowed',
          {},
          'model',
        );
      }
      return route;
    }
    if (loaded.config.allowDirect && parseModelId(requested)) {
      const resolved = resolveModel(requested, loaded.config.providers);
      if (typeof resolved === 'string')
        throw new ClientError(404, resolved, 'invalid_request_error', 'model_not_found', {}, 'model');
      if (!mayUse(requested)) {
        throw new ClientError(
          403,
          `API key "${key.name}" may not use "${requested}"`,
          'permission_error',
          'route_not_allowed',
          {},
          'model',
        );
      }
      return {
        name: requested,
        targets: [{ name: requested, weight: 1, ...resolved }],
        fallbackOn: [],
        timeoutMs: 60_000,
        retries: 0,
        capture: false,
      };
    }
    const choices = allowedRoutes(key);
    throw new ClientError(
      404,
      `unknown model "${requested}"; this key may use: ${choices.join(', ') || 'no route'}${loaded.config.allowDirect ? ', or provider:model' : ''}`,
      'invalid_request_error',
      'model_not_found',
      {},
      'model',
    );
  };

  const readBody = (request: IncomingMessage): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const limit = loaded.config.server.maxBodyBytes;
      const declared = Number(request.headers['content-length']);
      if (declared > limit) {
        reject(
          new ClientError(
            413,
            `request body is ${declared} bytes; the limit is ${limit}`,
            'invalid_request_error',
            'body_too_large',
          ),
        );
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          reject(
            new ClientError(
              413,
              `request body is over the limit of ${limit} bytes`,
              'invalid_request_error',
              'body_too_large',
            ),
          );
          request.removeAllListeners('data');
          request.resume();
          return;
        }
        chunks.push(chunk);
      });
      request.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
      request.on('error', reject);
    });

  const sendJson = (
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): string => {
    const text = JSON.stringify(body);
    if (!response.headersSent) {
      response.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        ...headers,
      });
    }
    response.end(text);
    return text;
  };

  /** One attempt on one target, with the route's timeout; for a stream, the timeout also bounds each silence. */
  const withTimeout = (timeoutMs: number, clientGone: ClientLink) => {
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
    clientGone.onGone = () => controller.abort();
    arm();
    return {
      signal: controller.signal,
      arm,
      done(): void {
        clearTimeout(timer);
        clientGone.onGone = undefined;
      },
      toError(error: unknown): YardstickError {
        if (timedOut)
          return new YardstickError('E_TIMEOUT', `no answer within ${timeoutMs} ms`, { retryable: true });
        return toYardstickError(error);
      },
    };
  };

  const finishUsage = (trace: Trace, target: ResolvedTarget, usage: Usage, key: ApiKeyRow): void => {
    trace.inputTokens = usage.inputTokens ?? null;
    trace.cachedInputTokens = usage.cachedInputTokens ?? null;
    trace.outputTokens = usage.outputTokens ?? null;
    trace.reasoningTokens = usage.reasoningTokens ?? null;
    const price = resolvePrice(target.config);
    trace.costUsd = price ? (costOfUsage(usage, price.price) ?? null) : null;
    limits.charge(key, (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0), trace.costUsd);
  };

  const attemptRecord = (
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

  const clientGoneError = (): ClientError =>
    new ClientError(499, 'the client went away', 'client_closed', 'client_closed');

  /** Records a failed attempt; throws what the client gets unless the route falls back on this failure. */
  const failedAttempt = (
    error: unknown,
    at: {
      trace: Trace;
      target: ResolvedTarget;
      started: number;
      timeout: ReturnType<typeof withTimeout>;
      route: ResolvedRoute;
      clientGone: ClientLink;
    },
  ): YardstickError => {
    const failure = at.timeout.toError(error);
    at.timeout.done();
    at.trace.attempts.push(attemptRecord(at.target, at.started, failure));
    if (at.clientGone.aborted) throw clientGoneError();
    const kind = failureKindOf(failure);
    if (kind === undefined || !at.route.fallbackOn.includes(kind)) throw clientErrorFor(failure);
    return failure;
  };

  /** The body as JSON, parsed by the endpoint's schema; malformed JSON or a bad field is a 400 naming it. */
  const readRequest = async <T>(
    request: IncomingMessage,
    parse: (json: unknown) => T,
  ): Promise<{ body: Buffer; value: T }> => {
    const body = await readBody(request);
    try {
      return { body, value: parse(JSON.parse(body.toString('utf8'))) };
    } catch (error) {
      if (error instanceof WireRequestError) {
        throw new ClientError(
          400,
          error.message,
          'invalid_request_error',
          'invalid_request',
          {},
          error.param,
        );
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new ClientError(
        400,
        `request body is not valid JSON: ${reason}`,
        'invalid_request_error',
        'invalid_json',
      );
    }
  };

  const admitOrThrow = (key: ApiKeyRow): void => {
    const admitted = limits.admit(key);
    if (!admitted.ok) {
      throw new ClientError(429, admitted.message, 'rate_limit_error', 'key_limit', {
        'retry-after': String(admitted.retryAfterSeconds),
      });
    }
  };

  const serveChat = async (
    protocol: WireProtocol,
    request: IncomingMessage,
    response: ServerResponse,
    trace: Trace,
    key: ApiKeyRow,
    clientGone: ClientLink,
  ): Promise<void> => {
    const { body, value: chat } = await readRequest(request, (json) => protocol.parse(json));
    trace.requestedModel = chat.model;
    trace.stream = chat.stream;
    const route = resolveRoute(chat.model, key);
    trace.route = route.name;
    if (route.capture) trace.requestJson = body.toString('utf8');
    admitOrThrow(key);
    const id = protocol.newId();
    trace.id = id;
    const cacheKey = route.cache ? cacheKeyOf(route.name, chat.callOptions) : undefined;
    const ttlSeconds = route.cache?.ttlSeconds ?? 0;
    const hit = cacheKey === undefined ? undefined : cache.get(cacheKey);
    if (hit) {
      replayCached(protocol, response, trace, id, hit.model, hit.result, chat);
      return;
    }
    const remember =
      cacheKey === undefined
        ? undefined
        : (model: string, result: GenerateResult) => cache.set(cacheKey, model, result, ttlSeconds);
    let lastError: YardstickError | undefined;
    for (const target of attemptOrder(route.targets, options.random ?? Math.random)) {
      for (let attempt = 0; attempt <= route.retries; attempt += 1) {
        if (clientGone.aborted) throw clientGoneError();
        const started = performance.now();
        let model: LanguageModel;
        try {
          model = modelFor(target);
        } catch (error) {
          lastError = toYardstickError(error);
          trace.attempts.push(attemptRecord(target, started, lastError));
          break;
        }
        trace.provider = target.providerType;
        trace.model = model.modelId;
        const timeout = withTimeout(route.timeoutMs, clientGone);
        const callOptions: CallOptions = { ...chat.callOptions, abortSignal: timeout.signal };
        let first: IteratorResult<StreamPart> | undefined;
        let iterator: AsyncIterator<StreamPart> | undefined;
        try {
          if (!chat.stream) {
            const result = await model.generate(callOptions);
            timeout.done();
            trace.attempts.push(attemptRecord(target, started, undefined));
            finishUsage(trace, target, result.usage, key);
            trace.status = 200;
            const answeredBy = result.response.modelId ?? model.modelId;
            remember?.(answeredBy, result);
            const text = sendJson(response, 200, protocol.completion(id, answeredBy, result));
            if (route.capture) trace.responseJson = text;
            return;
          }
          // streaming falls back only until the first part: after that the client has a 200
          iterator = model.stream(callOptions)[Symbol.asyncIterator]();
          first = await iterator.next();
        } catch (error) {
          lastError = failedAttempt(error, { trace, target, started, timeout, route, clientGone });
          continue;
        }
        await pipeStream(protocol, response, trace, target, key, id, model, first, iterator, timeout, {
          includeUsage: chat.includeUsage,
          started,
          ...(remember ? { remember } : {}),
        });
        return;
      }
    }
    throw clientErrorFor(lastError ?? toYardstickError(new Error('no target could be called')));
  };

  const pipeStream = async (
    protocol: WireProtocol,
    response: ServerResponse,
    trace: Trace,
    target: ResolvedTarget,
    key: ApiKeyRow,
    id: string,
    model: LanguageModel,
    first: IteratorResult<StreamPart>,
    iterator: AsyncIterator<StreamPart>,
    timeout: ReturnType<typeof withTimeout>,
    settings: {
      includeUsage: boolean;
      started: number;
      /** Keeps the whole answer for the cache once the stream finished cleanly. */
      remember?: (model: string, result: GenerateResult) => void;
    },
  ): Promise<void> => {
    const { includeUsage, started, remember } = settings;
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    trace.status = 200;
    const metadata = first.done ? undefined : first.value;
    const modelName =
      metadata?.type === 'response-metadata' && metadata.modelId ? metadata.modelId : model.modelId;
    const encoder = protocol.streamEncoder(id, modelName, includeUsage);
    let usage: Usage | undefined;
    let finishReason: GenerateResult['finishReason'] | undefined;
    let answer = '';
    const calls: ToolCall[] = [];
    let next = first;
    try {
      while (!next.done) {
        const part = next.value;
        timeout.arm();
        if (remember) {
          if (part.type === 'text-delta') answer += part.delta;
          else if (part.type === 'tool-call-delta') {
            const call = calls[part.index] ?? { id: '', name: '', arguments: '' };
            calls[part.index] = call;
            if (part.id) call.id = part.id;
            if (part.name) call.name = part.name;
            call.arguments += part.argumentsDelta;
          } else if (part.type === 'finish') finishReason = part.finishReason;
        }
        if (trace.ttftMs === null && (part.type === 'text-delta' || part.type === 'tool-call-delta')) {
          trace.ttftMs = performance.now() - started;
        }
        if (part.type === 'finish') usage = part.usage;
        const text = encoder.part(part);
        if (text !== '' && !response.write(text))
          await new Promise((resolve) => response.once('drain', resolve));
        next = await iterator.next();
      }
      timeout.done();
      trace.attempts.push(attemptRecord(target, started, undefined));
      if (usage) finishUsage(trace, target, usage, key);
      response.end(encoder.end(usage));
      if (remember && usage && finishReason) {
        const toolCalls = calls.filter((call) => call !== undefined);
        remember(modelName, { text: answer, toolCalls, finishReason, usage, warnings: [], response: {} });
      }
    } catch (error) {
      const failure = timeout.toError(error);
      timeout.done();
      trace.attempts.push(attemptRecord(target, started, failure));
      trace.status = 502;
      trace.errorCode = failure.code;
      trace.errorMessage = failure.message;
      if (usage) finishUsage(trace, target, usage, key);
      // the client already has a 200: end the stream with an error event its SDK raises, never a hang
      if (!response.destroyed) response.end(encoder.error(`upstream stream failed: ${failure.message}`));
    }
  };

  /** POST /v1/embeddings, in the OpenAI format; base64 output as the openai SDK asks for by default. */
  const serveEmbeddings = async (
    request: IncomingMessage,
    response: ServerResponse,
    trace: Trace,
    key: ApiKeyRow,
    clientGone: ClientLink,
  ): Promise<void> => {
    const { value: parsed } = await readRequest(request, (json) =>
      parseRequest(embeddingsRequestSchema, json),
    );
    trace.requestedModel = parsed.model;
    const route = resolveRoute(parsed.model, key);
    trace.route = route.name;
    admitOrThrow(key);
    trace.id = nextResponseId('emb-');
    const inputs = typeof parsed.input === 'string' ? [parsed.input] : parsed.input;
    let lastError: YardstickError | undefined;
    for (const target of attemptOrder(route.targets, options.random ?? Math.random)) {
      const started = performance.now();
      const timeout = withTimeout(route.timeoutMs, clientGone);
      try {
        const model = embedderFor(target);
        trace.provider = target.providerType;
        trace.model = model.modelId;
        const result = await model.embed(inputs, { abortSignal: timeout.signal });
        timeout.done();
        trace.attempts.push(attemptRecord(target, started, undefined));
        finishUsage(trace, target, { inputTokens: result.usage.inputTokens, outputTokens: 0 }, key);
        trace.status = 200;
        const base64 = parsed.encoding_format === 'base64';
        sendJson(response, 200, {
          object: 'list',
          data: result.embeddings.map((embedding, index) => ({
            object: 'embedding',
            index,
            embedding: base64
              ? Buffer.from(new Float32Array(embedding).buffer).toString('base64')
              : embedding,
          })),
          model: model.modelId,
          usage: {
            prompt_tokens: result.usage.inputTokens ?? 0,
            total_tokens: result.usage.inputTokens ?? 0,
          },
        });
        return;
      } catch (error) {
        lastError = failedAttempt(error, { trace, target, started, timeout, route, clientGone });
      }
    }
    throw clientErrorFor(lastError ?? toYardstickError(new Error('no target could be called')));
  };

  /** A cached answer, sent in the shape asked for; nothing was spent, so nothing is charged. */
  const replayCached = (
    protocol: WireProtocol,
    response: ServerResponse,
    trace: Trace,
    id: string,
    model: string,
    result: GenerateResult,
    chat: ParsedChat,
  ): void => {
    trace.cacheHit = true;
    trace.status = 200;
    trace.model = model;
    trace.inputTokens = result.usage.inputTokens ?? null;
    trace.outputTokens = result.usage.outputTokens ?? null;
    trace.costUsd = 0;
    if (!chat.stream) {
      sendJson(response, 200, protocol.completion(id, model, result));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const encoder = protocol.streamEncoder(id, model, chat.includeUsage);
    let out = encoder.part({ type: 'text-delta', delta: result.text });
    result.toolCalls.forEach((call, index) => {
      out += encoder.part({
        type: 'tool-call-delta',
        index,
        id: call.id,
        name: call.name,
        argumentsDelta: call.arguments,
      });
    });
    out += encoder.part({ type: 'finish', finishReason: result.finishReason, usage: result.usage });
    trace.ttftMs = 0;
    response.end(out + encoder.end(result.usage));
  };

  const listModels = (response: ServerResponse, key: ApiKeyRow): void => {
    sendJson(response, 200, {
      object: 'list',
      data: allowedRoutes(key).map((name) => ({
        id: name,
        object: 'model',
        created: 0,
        owned_by: 'yardstick',
      })),
    });
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = request.url ?? '/';
    const path = url.split('?', 1)[0] ?? '/';
    if (request.method === 'GET' && path === '/healthz') {
      sendJson(response, 200, { status: 'ok' });
      return;
    }
    if (request.method === 'GET' && path === '/readyz') {
      sendJson(response, draining ? 503 : 200, { status: draining ? 'draining' : 'ready' });
      return;
    }
    if (request.method === 'GET' && path === '/metrics') {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      const queue = traces.metrics();
      response.end(
        `yardstick_gateway_requests_total ${counters.requests}\nyardstick_gateway_errors_total ${counters.errors}\n` +
          `yardstick_gateway_in_flight ${inFlight}\nyardstick_gateway_trace_queue ${queue.queued}\n` +
          `yardstick_gateway_traces_written_total ${queue.written}\nyardstick_gateway_traces_dropped_total ${queue.dropped}\n` +
          `yardstick_gateway_cache_entries ${cache.metrics().entries}\nyardstick_gateway_cache_hits_total ${cache.metrics().hits}\n`,
      );
      return;
    }
    const startedAt = Date.now();
    const started = performance.now();
    const trace = newTrace(path, startedAt);
    const client: ClientLink = { aborted: false, onGone: undefined };
    response.on('close', () => {
      if (response.writableFinished) return;
      client.aborted = true;
      client.onGone?.();
    });
    inFlight += 1;
    counters.requests += 1;
    let traced = true;
    const protocol = request.method === 'POST' ? protocols[path] : undefined;
    try {
      if (draining)
        throw new ClientError(503, 'the gateway is shutting down', 'server_error', 'shutting_down', {
          connection: 'close',
        });
      const isModels = request.method === 'GET' && path === '/v1/models';
      const isEmbeddings = request.method === 'POST' && path === '/v1/embeddings';
      if (!protocol && !isModels && !isEmbeddings) {
        traced = false;
        throw new ClientError(
          404,
          `no endpoint ${request.method} ${path}; this gateway serves POST /v1/chat/completions, POST /v1/messages, POST /v1/embeddings and GET /v1/models`,
          'invalid_request_error',
          'unknown_endpoint',
        );
      }
      const check = checkKey(presentedKey(request));
      if (!check.ok) throw new ClientError(401, check.message, 'authentication_error', 'invalid_api_key');
      trace.keyId = check.key.id;
      trace.keyName = check.key.name;
      if (isEmbeddings) {
        await serveEmbeddings(request, response, trace, check.key, client);
        return;
      }
      if (!protocol) {
        traced = false;
        listModels(response, check.key);
        return;
      }
      await serveChat(protocol, request, response, trace, check.key, client);
    } catch (error) {
      const clientError =
        error instanceof ClientError
          ? error
          : new ClientError(
              500,
              `internal error: ${error instanceof Error ? error.message : String(error)}`,
              'server_error',
              'internal_error',
            );
      counters.errors += 1;
      trace.status = clientError.status;
      trace.errorCode ??= clientError.code;
      trace.errorMessage ??= clientError.message;
      if (clientError.status === 500)
        log(
          `internal error on ${path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      if (!response.headersSent && !response.destroyed) {
        sendJson(
          response,
          clientError.status,
          (protocol ?? openaiProtocol).errorBody(
            clientError.status,
            clientError.message,
            clientError.type,
            clientError.code,
            clientError.param,
          ),
          clientError.headers,
        );
      } else if (!response.writableEnded) {
        response.end();
      }
    } finally {
      inFlight -= 1;
      if (traced) {
        trace.latencyMs = performance.now() - started;
        if (trace.id === '') trace.id = (protocol ?? openaiProtocol).newId();
        traces.enqueue(trace);
      }
      if (inFlight === 0) idle?.();
    }
  };

  return {
    handle,
    /** Stops admitting requests, waits for those in flight, then writes every queued trace. */
    async drain(): Promise<void> {
      draining = true;
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          idle = resolve;
        });
      }
      await traces.drain();
      await otlp?.shutdown();
    },
    metrics: () => ({ ...counters, inFlight, traces: traces.metrics() }),
  };
};

export type Gateway = ReturnType<typeof createGateway>;
