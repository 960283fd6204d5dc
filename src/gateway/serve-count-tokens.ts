// `POST /v1/messages/count_tokens` through the pipeline's steps: the count of the route's Anthropic target
// when the route would call one first (its fallbacks among the route's Anthropic targets), else an estimate.
// The header `x-yardstick-token-count` says which (`upstream` or `estimate`). Nothing is charged.
import { speaksWireFormat } from '../providers/registry.js';
import type { ApiKeyRow } from '../store/contract/gateway-store.js';
import { estimateInputTokens } from './estimate-tokens.js';
import { GatewayError } from './gateway-errors.js';
import { sendJson } from './http-exchange.js';
import type { Exchange, Pipeline } from './pipeline.js';
import type { Answered } from './steps/answer.js';
import { call } from './steps/call.js';
import { parse } from './steps/parse.js';
import type { TraceParts } from './steps/trace.js';
import { anthropicCountTokensWire } from './wire/anthropic-count-tokens-wire.js';

export const tokenCountHeader = 'x-yardstick-token-count';

const answered = (model: string): Answered => ({
  status: 200,
  model,
  usage: undefined,
  ttftMs: null,
  responseJson: null,
  cacheHit: false,
  attempt: undefined,
  failure: undefined,
});

export const serveCountTokens = async (
  pipeline: Pipeline,
  exchange: Exchange,
  key: ApiKeyRow,
  parts: TraceParts,
): Promise<void> => {
  const { request } = await parse(exchange.request, anthropicCountTokensWire, pipeline.bodyLimit);
  parts.request = { model: request.model, stream: false };
  const route = pipeline.routes.find(request.model, key);
  parts.route = route;
  parts.id = anthropicCountTokensWire.newId();
  const targets = pipeline.route(route);
  const [first] = targets;
  if (first === undefined || !speaksWireFormat(first.providerType, 'anthropic-messages')) {
    const inputTokens = estimateInputTokens(request.callOptions);
    sendJson(exchange.response, 200, { input_tokens: inputTokens }, { [tokenCountHeader]: 'estimate' });
    parts.answer = answered(request.model);
    return;
  }
  const called = await call(pipeline.callDeps, {
    route,
    targets: targets.filter((target) => speaksWireFormat(target.providerType, 'anthropic-messages')),
    client: exchange.client,
    open: false,
    model: pipeline.models.language,
    run: (model, abortSignal) => {
      if (!model.countTokens)
        throw new GatewayError('internal_error', `${model.provider} models cannot count tokens`);
      return model.countTokens({ ...request.callOptions, abortSignal });
    },
  });
  parts.call = { attempts: called.attempts, target: called.target, modelId: called.model?.modelId };
  if (!called.ok) throw called.error;
  const { inputTokens } = called.value;
  sendJson(exchange.response, 200, { input_tokens: inputTokens }, { [tokenCountHeader]: 'upstream' });
  parts.answer = answered(called.model.modelId);
};
