// A request fitted to each target of its route by the field table (wire/wire-fields.ts): a target of the
// client's own format gets the call with its extras; a target of another format gets the call without them, and
// a field it cannot take is a 400 naming the field and the target, or, on a `dropUnsupported` route, dropped
// from that target's call and named in its attempts in the trace.

import { optionsRefusedBy, speaksWireFormat } from '../providers/registry.js';
import type { RequestExtras, WireFormatId } from '../spec/extra-fields.js';
import type { TraceAttempt } from '../store/contract/gateway-store.js';
import { GatewayError } from './gateway-errors.js';
import { providerNameOf, type ResolvedRoute, type ResolvedTarget } from './load-gateway-config.js';
import { type RefusedField, refusedFields, type TargetFormat } from './wire/wire-fields.js';

const formatNames: Record<TargetFormat, string> = {
  'openai-chat': 'the OpenAI Chat Completions API',
  'openai-responses': 'the OpenAI Responses API',
  'anthropic-messages': 'the Anthropic Messages API',
  'openai-embeddings': 'the OpenAI embeddings API',
  other: 'its provider’s own API',
};

/** The chat formats a provider's requests may be in; a Responses request reaches every target as one of them. */
const chatFormats: readonly WireFormatId[] = ['openai-chat', 'anthropic-messages'];

/** The format a target's provider speaks for a request in `format`: that one, another of its kind, or `other`. */
export const targetFormatOf = (providerType: string, format: WireFormatId): TargetFormat => {
  if (speaksWireFormat(providerType, format)) return format;
  if (!chatFormats.includes(format) && format !== 'openai-responses') return 'other';
  return chatFormats.find((candidate) => speaksWireFormat(providerType, candidate)) ?? 'other';
};

const refusal = (route: ResolvedRoute, target: ResolvedTarget, format: TargetFormat, field: string) =>
  new GatewayError(
    'unsupported_field',
    `${field}: target ${target.name} of route "${route.name}" speaks ${formatNames[format]}, which cannot take this field; leave it out, send it to a route whose targets speak your API, or set dropUnsupported: true on the route to have it dropped`,
    { param: field },
  );

export interface FittedRequest<Options> {
  /** The options a target is called with. */
  optionsFor(target: ResolvedTarget): Options;
  /** Names, in each attempt at a target that dropped fields, what it dropped. */
  noteDropped(attempts: readonly TraceAttempt[]): TraceAttempt[];
}

/**
 * @example
 * const fitted = fitRequest(route, wire.format, request.body, request.callOptions); // or throws 400
 * model.generate(fitted.optionsFor(target));
 */
export const fitRequest = <Options extends { extras?: RequestExtras | undefined }>(
  route: ResolvedRoute,
  format: WireFormatId,
  body: Record<string, unknown>,
  options: Options,
): FittedRequest<Options> => {
  // by provider type: what a target can take depends on its provider alone
  const fitted = new Map<string, { options: Options; dropped: string[] }>();
  for (const target of route.targets) {
    if (fitted.has(target.providerType)) continue;
    const targetFormat = targetFormatOf(target.providerType, format);
    if (targetFormat === format) {
      fitted.set(target.providerType, { options, dropped: [] });
      continue;
    }
    const cannotTake = optionsRefusedBy(target.providerType);
    const refused: RefusedField[] = refusedFields(format, body, targetFormat, cannotTake);
    const [first] = refused;
    if (first && !route.dropUnsupported) throw refusal(route, target, targetFormat, first.field);
    const { extras: _, ...common } = options;
    for (const field of refused) if (field.option) delete (common as Record<string, unknown>)[field.option];
    fitted.set(target.providerType, {
      options: common as Options,
      dropped: refused.map((field) => field.field),
    });
  }
  // attempts name the provider as gateway.yaml does (`up`), the fitting is by its type (`openai`)
  const typeOf = new Map(route.targets.map((target) => [providerNameOf(target), target.providerType]));
  return {
    optionsFor: (target) => fitted.get(target.providerType)?.options ?? options,
    noteDropped: (attempts) =>
      attempts.map((attempt) => {
        const dropped = fitted.get(typeOf.get(attempt.provider) ?? attempt.provider)?.dropped ?? [];
        return dropped.length > 0 ? { ...attempt, droppedFields: dropped } : attempt;
      }),
  };
};
