// The model promptfoo grades with (`options.provider`, an assertion's `provider`) as a yardstick `judge` or
// `embedding` model. promptfoo's `{ text, embedding }` form names both at once.
import type { ModelConfig } from '../../spec/model-config.js';
import type { PathSegment } from '../../suite/suite-problem.js';
import type { ImportContext } from './import-context.js';
import { childPlace, type Place } from './import-notes.js';
import { mapProviderConfig } from './map-provider-config.js';
import { mapProviderId } from './map-provider-id.js';

export type GraderRole = 'judge' | 'embedding';

/** promptfoo 0.123's graders when a config names none and an OpenAI key is set. */
export const promptfooDefaultGrader: Record<GraderRole, string> = {
  judge: 'openai:gpt-5.6-sol',
  embedding: 'openai:text-embedding-3-large',
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Embedding ids name their API: `openai:embedding:text-embedding-3-small` is yardstick's `openai:text-embedding-3-small`. */
const embeddingId = (id: string): string =>
  id.replace(
    /^(openai|azure|azureopenai|ollama|mistral|vertex|google|bedrock):embeddings?:/,
    (_, prefix: string) => `${prefix}:chat:`,
  );

/** One grader, or undefined (noted) when it has no yardstick equivalent. */
export const mapGrader = (
  value: unknown,
  role: GraderRole,
  place: Place,
  context: ImportContext,
  at: PathSegment[],
): ModelConfig | undefined => {
  if (isRecord(value) && !('id' in value)) {
    const part = role === 'judge' ? value.text : value.embedding;
    const key = role === 'judge' ? 'text' : 'embedding';
    return part === undefined ? undefined : mapGrader(part, role, childPlace(place, key), context, at);
  }
  const id =
    typeof value === 'string'
      ? value
      : isRecord(value) && typeof value.id === 'string'
        ? value.id
        : undefined;
  if (id === undefined) {
    context.problem(place, 'expected a provider id or { id, config }');
    return undefined;
  }
  const mapped = mapProviderId(role === 'embedding' ? embeddingId(id) : id);
  if (mapped.kind !== 'model') {
    const reason =
      mapped.kind === 'none'
        ? mapped.reason
        : `provider "${id}" is code, which cannot ${role === 'judge' ? 'judge' : 'embed'} here`;
    context.notes.leftOut(place, `${role} ${reason}`, at);
    return undefined;
  }
  if (mapped.approximation) context.notes.approximated(place, mapped.approximation, at);
  const config = isRecord(value) && isRecord(value.config) ? value.config : {};
  const defaultKey =
    mapped.family === 'openai'
      ? 'OPENAI_API_KEY'
      : mapped.family === 'anthropic'
        ? 'ANTHROPIC_API_KEY'
        : undefined;
  const { settings } = mapProviderConfig(
    config,
    mapped.family,
    childPlace(place, 'config'),
    context,
    defaultKey,
    at,
  );
  return { id: mapped.id, ...settings };
};

/** `options.provider`: a chat model judges, an embedding model (or the `embedding` part) embeds. */
export const mapGraders = (
  value: unknown,
  place: Place,
  context: ImportContext,
  at: PathSegment[],
): { judge?: ModelConfig; embedding?: ModelConfig } => {
  if (value === undefined) return {};
  if (isRecord(value) && !('id' in value)) {
    const judge = mapGrader(value, 'judge', place, context, at);
    const embedding = mapGrader(value, 'embedding', place, context, at);
    return { ...(judge ? { judge } : {}), ...(embedding ? { embedding } : {}) };
  }
  const id = typeof value === 'string' ? value : isRecord(value) ? String(value.id) : '';
  const role: GraderRole = /embedding/.test(id) ? 'embedding' : 'judge';
  const model = mapGrader(value, role, place, context, at);
  return model ? { [role]: model } : {};
};
