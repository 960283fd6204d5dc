// promptfoo `providers` (or `targets`) to yardstick models: ids, labels, config, files of providers, JavaScript
// providers through generated adapters, and unique names (promptfoo allows the same provider twice).
import path from 'node:path';
import { resolvePrice } from '../../pricing/resolve-price.js';
import type { ModelConfig } from '../../spec/model-config.js';
import { describeValue } from '../../suite/validate-with-schema.js';
import type { ImportContext } from './import-context.js';
import { readReferencedData, resolveReference } from './import-context.js';
import { childPlace, type Place } from './import-notes.js';
import { mapProviderConfig } from './map-provider-config.js';
import { mapProviderId, type ProviderFamily } from './map-provider-id.js';
import type { AdapterSpec } from './provider-adapter.js';
import { credential } from './provider-config-keys.js';

export interface MappedProviders {
  models: ModelConfig[];
  adapters: AdapterSpec[];
}

export interface ProviderOptions {
  /** Where a JavaScript provider's adapter goes, given a name for it; returns its path for the suite. */
  placeAdapter(stem: string): { file: string; suitePath: string };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const defaultKeyEnv: Record<ProviderFamily, string | undefined> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  google: undefined,
  azure: undefined,
  bedrock: undefined,
  compatible: undefined,
};

interface Entry {
  id: string;
  label?: string;
  config: Record<string, unknown>;
  raw: Record<string, unknown>;
  place: Place;
  baseDir: string;
}

/** Every entry as `{ id, … }`, following `file://` lists of providers; promptfoo's shapes are all accepted. */
const collectEntries = (
  value: unknown,
  place: Place,
  baseDir: string,
  context: ImportContext,
  out: Entry[],
): void => {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries())
      collectEntries(item, childPlace(place, index), baseDir, context, out);
    return;
  }
  if (typeof value === 'string') {
    const mapped = mapProviderId(value);
    if (mapped.kind !== 'file') {
      out.push({ id: value, config: {}, raw: {}, place, baseDir });
      return;
    }
    const file = resolveReference(mapped.file, baseDir);
    const loaded = readReferencedData(context, place, file);
    if (loaded)
      collectEntries(loaded.data, { locator: loaded.locator, path: [] }, path.dirname(file), context, out);
    return;
  }
  if (!isRecord(value)) {
    context.problem(place, `expected a provider id or an object with "id", got ${describeValue(value)}`);
    return;
  }
  const keys = Object.keys(value);
  const single = keys.length === 1 && keys[0] !== undefined && keys[0] !== 'id' ? keys[0] : undefined;
  const body =
    typeof value.id === 'string'
      ? value
      : single !== undefined && isRecord(value[single])
        ? value[single]
        : undefined;
  const id = typeof value.id === 'string' ? value.id : single;
  if (body === undefined || id === undefined) {
    context.problem(place, 'a provider needs "id" (or the form `{ "openai:gpt-4o": { config } }`)');
    return;
  }
  const at = typeof value.id === 'string' ? place : childPlace(place, id);
  const label = typeof body.label === 'string' && body.label !== '' ? body.label : undefined;
  out.push({
    id,
    ...(label ? { label } : {}),
    config: isRecord(body.config) ? body.config : {},
    raw: body,
    place: at,
    baseDir,
  });
};

const reportOtherFields = (entry: Entry, context: ImportContext, at: (string | number)[]): void => {
  for (const key of Object.keys(entry.raw)) {
    if (['id', 'label', 'config'].includes(key)) continue;
    const why =
      key === 'prompts'
        ? 'a provider limited to some prompts has no equivalent: yardstick runs every prompt on every model'
        : key === 'env'
          ? 'provider `env` has no equivalent (its values are not shown); export them before running'
          : `provider field "${key}" has no yardstick equivalent`;
    context.notes.leftOut(childPlace(entry.place, key), why, at);
  }
};

const adapterFor = (
  entry: Entry,
  file: string,
  options: ProviderOptions,
  context: ImportContext,
  at: (string | number)[],
) => {
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry.config)) {
    if (credential.test(key)) {
      const message = `"${key}" is a credential written in the config, which is not copied to the adapter; have the provider read it from the environment`;
      context.notes.leftOut(childPlace(entry.place, 'config', key), message, at);
    } else config[key] = value;
  }
  const stem = path.basename(file).replace(/\.[^.]+$/, '');
  const placed = options.placeAdapter(stem);
  const spec: AdapterSpec = {
    adapterFile: placed.file,
    providerFile: resolveReference(file, entry.baseDir),
    options: { id: entry.id, ...(entry.label ? { label: entry.label } : {}), config },
  };
  return { spec, model: { id: `function:${placed.suitePath}`, label: entry.label ?? entry.id } };
};

/** Maps the providers; models whose names would collide get numbered labels. */
export const mapProviders = (
  value: unknown,
  place: Place,
  context: ImportContext,
  options: ProviderOptions,
): MappedProviders => {
  const entries: Entry[] = [];
  collectEntries(value, place, context.configDir, context, entries);
  const models: ModelConfig[] = [];
  const adapters: AdapterSpec[] = [];
  for (const entry of entries) {
    const at = ['models', models.length];
    const mapped = mapProviderId(entry.id);
    if (mapped.kind === 'none' || mapped.kind === 'file') {
      context.notes.leftOut(
        entry.place,
        mapped.kind === 'none' ? mapped.reason : `provider file "${mapped.file}" lists no provider`,
      );
      continue;
    }
    reportOtherFields(entry, context, at);
    if (mapped.kind === 'javascript') {
      const { spec, model } = adapterFor(entry, mapped.file, options, context, at);
      adapters.push(spec);
      models.push(model);
      continue;
    }
    if (mapped.approximation) context.notes.approximated(entry.place, mapped.approximation, at);
    const configPlace = childPlace(entry.place, 'config');
    const { settings, customEndpoint } = mapProviderConfig(
      entry.config,
      mapped.family,
      configPlace,
      context,
      defaultKeyEnv[mapped.family],
      at,
    );
    const model: ModelConfig = { id: mapped.id, ...(entry.label ? { label: entry.label } : {}), ...settings };
    if (customEndpoint && mapped.family === 'openai' && model.price === undefined) {
      // promptfoo prices a model behind a custom apiBaseUrl from its table; yardstick leaves such a model unpriced
      const listed = resolvePrice({ id: mapped.id });
      if (listed) {
        model.price = listed.price;
        context.notes.approximated(
          configPlace,
          `priced as ${mapped.id} on the bundled table (${listed.source}), as promptfoo prices it at a custom endpoint`,
          at,
        );
      }
    }
    models.push(model);
  }
  const seen = new Map<string, number>();
  for (const model of models) {
    const name = model.label ?? model.id;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    if (count > 1) model.label = `${name} #${count}`;
  }
  return { models, adapters };
};
