// A chat request (Chat Completions, Messages) through the pipeline's steps, streamed or not; what each step
// returns is kept in `parts`, from which the trace step builds the trace.
import { isSampled } from '../monitor/sample-decision.js';
import type { CallOptions, GenerateResult, StreamPart } from '../spec/language-model.js';
import type { ApiKeyRow } from '../store/contract/gateway-store.js';
import { cascadeCheckOf } from './cascade-check.js';
import { promptTokenEstimate, streamedTokenEstimate } from './cost-bound.js';
import { type FittedRequest, fitRequest } from './fit-request.js';
import type { ResolvedRoute } from './load-gateway-config.js';
import type { Exchange, Pipeline } from './pipeline.js';
import type { Admission, Admit } from './steps/admit.js';
import { answerCached, answerCompletion } from './steps/answer.js';
import { answerStream } from './steps/answer-stream.js';
import { call } from './steps/call.js';
import { parse } from './steps/parse.js';
import type { TraceParts } from './steps/trace.js';
import { costOfCall } from './target-price.js';
import type { ChatRequest, ChatWire } from './wire/wire-protocol.js';

interface OpenedStream {
  first: IteratorResult<StreamPart>;
  iterator: AsyncIterator<StreamPart>;
}

const withSignal = (options: CallOptions, abortSignal: AbortSignal): CallOptions =>
  Object.assign({}, options, { abortSignal });

export const serveChat = async (
  pipeline: Pipeline,
  wire: ChatWire,
  exchange: Exchange,
  key: ApiKeyRow,
  parts: TraceParts,
): Promise<void> => {
  const { request, body } = await parse(exchange.request, wire, pipeline.bodyLimit);
  parts.request = request;
  parts.body = body;
  pipeline.responseItems.resolve(key.id, request);
  request.keepItem = (itemId, text) => pipeline.responseItems.remember(key.id, itemId, text);
  const route = pipeline.routes.find(request.model, key);
  parts.route = route;
  const fitted = fitRequest(route, wire.format, request.body, request.callOptions);
  const { callOptions } = request;
  if (callOptions.maxTokens === undefined && route.maxOutputTokens !== undefined) {
    callOptions.maxTokens = route.maxOutputTokens;
  }
  const admission = await pipeline.admission.admit(key, {
    route,
    bodyBytes: body.length,
    hasTools: (callOptions.tools?.length ?? 0) > 0,
    maxOutputTokens: callOptions.maxTokens,
    maxField: parts.endpoint.endsWith('/responses') ? 'max_output_tokens' : 'max_tokens',
  });
  try {
    await answerChat(pipeline, wire, exchange, key, request, route, fitted, parts);
  } finally {
    await settleCall(pipeline.admission, admission, parts, body.length);
  }
};

/**
 * Charges the key what the call cost: its usage at the price of the target that answered; for an answer whose
 * usage never came (a stream cut short), the prompt and what was delivered, estimated. Nothing spent (a failed
 * call, a cached answer): the hold is given back.
 */
const settleCall = async (
  admit: Admit,
  admission: Admission,
  parts: TraceParts,
  bodyBytes: number,
): Promise<void> => {
  const { answer } = parts;
  const target = parts.call?.target;
  if (answer === undefined || answer.cacheHit || target === undefined) return admit.release(admission);
  const usage =
    answer.usage ??
    (answer.streamed && {
      inputTokens: promptTokenEstimate(bodyBytes),
      outputTokens: streamedTokenEstimate(answer.streamed),
    });
  if (usage === undefined) return admit.release(admission);
  const costUsd = costOfCall(target, usage);
  parts.costUsd = costUsd;
  await admit.settle(admission, { tokens: (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0), costUsd });
};

const answerChat = async (
  pipeline: Pipeline,
  wire: ChatWire,
  exchange: Exchange,
  key: ApiKeyRow,
  request: ChatRequest,
  route: ResolvedRoute,
  fitted: FittedRequest<CallOptions>,
  parts: TraceParts,
): Promise<void> => {
  const { response, client } = exchange;
  const id = wire.newId();
  parts.id = id;
  const targets = pipeline.route(route);
  const found = pipeline.cache.lookup(route, request.callOptions, key);
  // the memory cache answers at once: no await on that path
  const lookup = found instanceof Promise ? await found : found;
  if (lookup.hit) {
    parts.answer = answerCached(wire, response, id, lookup.hit, request);
    return;
  }
  const remember = (model: string, result: GenerateResult): void =>
    pipeline.cache.remember(route, lookup, model, result);
  const model = pipeline.models.language;
  if (request.stream) {
    const called = await call<ReturnType<typeof model>, OpenedStream>(pipeline.callDeps, {
      route,
      targets,
      client,
      open: true,
      model,
      async run(language, signal, target) {
        const options = withSignal(fitted.optionsFor(target), signal);
        const iterator = language.stream(options)[Symbol.asyncIterator]();
        return { iterator, first: await iterator.next() };
      },
    });
    parts.call = {
      attempts: fitted.noteDropped(called.attempts),
      target: called.target,
      modelId: called.model?.modelId,
    };
    if (!called.ok) throw called.error;
    const streamed = await answerStream(
      {
        wire,
        response,
        client,
        id,
        target: called.target,
        modelId: called.model.modelId,
        timeoutMs: route.timeoutMs,
        request,
        started: called.started,
        // an open attempt (a stream) always hands its deadline over
        deadline: called.deadline as NonNullable<typeof called.deadline>,
        remember: route.cache ? remember : undefined,
        keepResult: route.monitor !== undefined && isSampled(id, route.monitor.sample),
      },
      called.value.first,
      called.value.iterator,
    );
    const [attempt] = streamed.attempt ? fitted.noteDropped([streamed.attempt]) : [];
    parts.answer = { ...streamed, attempt };
  } else {
    const check = cascadeCheckOf(route);
    const called = await call(pipeline.callDeps, {
      route,
      targets,
      client,
      open: false,
      model,
      run: (language, signal, target) => language.generate(withSignal(fitted.optionsFor(target), signal)),
      ...(check ? { check } : {}),
    });
    parts.call = {
      attempts: fitted.noteDropped(called.attempts),
      target: called.target,
      modelId: called.model?.modelId,
    };
    if (!called.ok) throw called.error;
    const result = called.value;
    const answeredBy = result.response.modelId ?? called.model.modelId;
    if (route.cache) remember(answeredBy, result);
    parts.answer = answerCompletion(wire, response, id, answeredBy, result, request, route.capture);
  }
};
