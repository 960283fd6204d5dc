// An embeddings request through the pipeline's steps (no cache: vectors are cheap and large); what each step
// returns is kept in `parts`, from which the trace step builds the trace.
import type { RequestExtras } from '../spec/extra-fields.js';
import type { EmbeddingModel } from '../spec/language-model.js';
import type { ApiKeyRow } from '../store/contract/gateway-store.js';
import { type FittedRequest, fitRequest } from './fit-request.js';
import type { ResolvedRoute } from './load-gateway-config.js';
import type { Exchange, Pipeline } from './pipeline.js';
import { answerEmbeddings } from './steps/answer.js';
import { call } from './steps/call.js';
import { parse } from './steps/parse.js';
import type { TraceParts } from './steps/trace.js';
import { costOfCall } from './target-price.js';
import type { EmbeddingsRequest, EmbeddingsWire } from './wire/wire-protocol.js';

export const serveEmbeddings = async (
  pipeline: Pipeline,
  wire: EmbeddingsWire,
  exchange: Exchange,
  key: ApiKeyRow,
  parts: TraceParts,
): Promise<void> => {
  const { request, body } = await parse(exchange.request, wire, pipeline.bodyLimit);
  parts.request = { model: request.model, stream: false };
  const route = pipeline.routes.find(request.model, key);
  parts.route = route;
  const fitted = fitRequest(route, wire.format, request.body, { extras: request.extras });
  // embeddings have no output: the input bounds the cost
  const admission = await pipeline.admission.admit(key, {
    route,
    bodyBytes: body.length,
    hasTools: false,
    maxOutputTokens: 0,
    maxField: 'input',
  });
  let charge: { tokens: number; costUsd: number | null } | undefined;
  try {
    charge = await embed(pipeline, wire, exchange, request, route, fitted, parts);
  } finally {
    if (charge === undefined) await pipeline.admission.release(admission);
    else await pipeline.admission.settle(admission, charge);
  }
};

/** Calls the route and answers; returns what the call cost. */
const embed = async (
  pipeline: Pipeline,
  wire: EmbeddingsWire,
  exchange: Exchange,
  request: EmbeddingsRequest,
  route: ResolvedRoute,
  fitted: FittedRequest<{ extras: RequestExtras | undefined }>,
  parts: TraceParts,
): Promise<{ tokens: number; costUsd: number | null }> => {
  parts.id = wire.newId();
  const called = await call<EmbeddingModel, Awaited<ReturnType<EmbeddingModel['embed']>>>(pipeline.callDeps, {
    route,
    targets: pipeline.route(route),
    client: exchange.client,
    open: false,
    model: pipeline.models.embedding,
    run: (model, abortSignal, target) =>
      model.embed(request.inputs, { abortSignal, ...fitted.optionsFor(target) }),
  });
  parts.call = {
    attempts: fitted.noteDropped(called.attempts),
    target: called.target,
    modelId: called.model?.modelId,
  };
  if (!called.ok) throw called.error;
  const { embeddings, usage } = called.value;
  const answer = { embeddings, inputTokens: usage.inputTokens };
  const costUsd = costOfCall(called.target, { inputTokens: usage.inputTokens, outputTokens: 0 });
  parts.costUsd = costUsd;
  parts.answer = await answerEmbeddings(wire, exchange.response, called.model.modelId, answer, request);
  return { tokens: usage.inputTokens ?? 0, costUsd };
};
