// A chat request (Chat Completions, Messages) through the pipeline's steps, streamed or not; what each step
// returns is kept in `parts`, from which the trace step builds the trace.
import { isSampled } from '../monitor/sample-decision.js';
import type { CallOptions, GenerateResult, StreamPart } from '../spec/language-model.js';
import type { ApiKeyRow } from '../store/gateway-store.js';
import { cascadeCheckOf } from './cascade-check.js';
import type { Exchange, Pipeline } from './pipeline.js';
import { answerCached, answerCompletion } from './steps/answer.js';
import { answerStream } from './steps/answer-stream.js';
import { call } from './steps/call.js';
import { parse } from './steps/parse.js';
import type { TraceParts } from './steps/trace.js';
import { costOfCall } from './target-price.js';
import type { ChatWire } from './wire/wire-protocol.js';

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
  const { response, client } = exchange;
  const { request, body } = await parse(exchange.request, wire, pipeline.bodyLimit);
  parts.request = request;
  parts.body = body;
  pipeline.responseItems.resolve(key.id, request);
  request.keepItem = (itemId, text) => pipeline.responseItems.remember(key.id, itemId, text);
  const route = pipeline.routes.find(request.model, key);
  parts.route = route;
  const admission = pipeline.admission.admit(key);
  const id = wire.newId();
  parts.id = id;
  const targets = pipeline.route(route);
  const lookup = pipeline.cache.lookup(route, request.callOptions);
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
      async run(language, signal) {
        const iterator = language.stream(withSignal(request.callOptions, signal))[Symbol.asyncIterator]();
        return { iterator, first: await iterator.next() };
      },
    });
    parts.call = { attempts: called.attempts, target: called.target, modelId: called.model?.modelId };
    if (!called.ok) throw called.error;
    parts.answer = await answerStream(
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
  } else {
    const check = cascadeCheckOf(route);
    const called = await call(pipeline.callDeps, {
      route,
      targets,
      client,
      open: false,
      model,
      run: (language, signal) => language.generate(withSignal(request.callOptions, signal)),
      ...(check ? { check } : {}),
    });
    parts.call = { attempts: called.attempts, target: called.target, modelId: called.model?.modelId };
    if (!called.ok) throw called.error;
    const result = called.value;
    const answeredBy = result.response.modelId ?? called.model.modelId;
    if (route.cache) remember(answeredBy, result);
    parts.answer = answerCompletion(wire, response, id, answeredBy, result, request, route.capture);
  }
  const { usage } = parts.answer;
  if (usage && parts.call.target) {
    const costUsd = costOfCall(parts.call.target, usage);
    parts.costUsd = costUsd;
    pipeline.admission.settle(admission, {
      tokens: (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0),
      costUsd,
    });
  }
};
