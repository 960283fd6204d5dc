// A promptfoo provider's `config` to yardstick model settings: sampling options, endpoint, key variable, headers,
// prices. Keys with no equivalent are named in a note; a key or secret written in the config is never copied.
import type { ModelConfig, ModelOptions } from '../../spec/model-config.js';
import { baseUrlSchema } from '../../suite/model-schema.js';
import type { PathSegment } from '../../suite/suite-problem.js';
import type { ImportContext } from './import-context.js';
import { childPlace, type Place } from './import-notes.js';
import type { ProviderFamily } from './map-provider-id.js';
import { hasTemplateSyntax } from './nunjucks-subset.js';
import { credential, optionKeys } from './provider-config-keys.js';
import { reportOtherKeys } from './report-provider-keys.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export interface MappedConfig {
  settings: Pick<ModelConfig, 'baseUrl' | 'apiKeyEnv' | 'headers' | 'price' | 'options'>;
  /** Set when the config names its own endpoint. */
  customEndpoint: boolean;
}

const toOption = (key: keyof ModelOptions, value: unknown): ModelOptions[keyof ModelOptions] | undefined => {
  if (key === 'stop') {
    if (typeof value === 'string') return [value];
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (key === 'maxTokens' || key === 'seed')
    return Number.isSafeInteger(value) && (key === 'seed' || value >= 1) ? value : undefined;
  if (key === 'topP') return value >= 0 && value <= 1 ? value : undefined;
  return value >= 0 ? value : undefined;
};

const mapOptions = (
  config: Record<string, unknown>,
  place: Place,
  context: ImportContext,
  at: PathSegment[],
): ModelOptions => {
  const options: Record<string, unknown> = {};
  const generation = isRecord(config.generationConfig) ? config.generationConfig : {};
  const otherGeneration = Object.keys(generation).filter((key) => optionKeys[key] === undefined);
  if (otherGeneration.length > 0) {
    const keys = otherGeneration.map((key) => `"${key}"`).join(', ');
    context.notes.leftOut(
      childPlace(place, 'generationConfig'),
      `generationConfig ${keys} has no yardstick equivalent`,
      at,
    );
  }
  for (const [source, where] of [
    [config, place],
    [generation, childPlace(place, 'generationConfig')],
  ] as const) {
    for (const [key, value] of Object.entries(source)) {
      const target = optionKeys[key];
      if (target === undefined) continue;
      const option = toOption(target, value);
      if (option === undefined)
        context.notes.leftOut(
          childPlace(where, key),
          `value ${JSON.stringify(value)} is not a valid ${target}`,
          at,
        );
      else options[target] = option;
    }
  }
  const format = isRecord(config.response_format) ? config.response_format.type : undefined;
  if (format === 'json_object') options.responseFormat = 'json';
  if (format === 'json_schema') {
    options.responseFormat = 'json';
    context.notes.approximated(
      childPlace(place, 'response_format'),
      'a JSON schema response format is sent as plain JSON mode',
      at,
    );
  }
  return options as ModelOptions;
};

const mapHeaders = (
  value: unknown,
  place: Place,
  context: ImportContext,
  at: PathSegment[],
): Record<string, string> | undefined => {
  if (!isRecord(value)) return undefined;
  const headers: Record<string, string> = {};
  for (const [name, raw] of Object.entries(value)) {
    // promptfoo fills `{{ env.NAME }}` from the environment; yardstick headers say `${env:NAME}`
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal syntax of yardstick headers
    const header = typeof raw === 'string' ? raw.replace(/\{\{\s*env\.(\w+)\s*\}\}/g, '${env:$1}') : raw;
    if (typeof header !== 'string' || hasTemplateSyntax(header)) {
      context.notes.leftOut(childPlace(place, name), `header "${name}" is not plain text`, at);
    } else if (credential.test(name)) {
      const message = `header "${name}" carries a credential, which is not copied; use \`\${env:NAME}\` in the suite's headers`;
      context.notes.leftOut(childPlace(place, name), message, at);
    } else headers[name] = header;
  }
  return Object.keys(headers).length > 0 ? headers : undefined;
};

const perMillion = (perToken: unknown): number | undefined => {
  const value =
    typeof perToken === 'number' && perToken >= 0 ? Number((perToken * 1e6).toPrecision(12)) : Number.NaN;
  return Number.isFinite(value) ? value : undefined;
};

/** Maps `config`; `defaultKeyEnv` is the variable promptfoo reads the key from for this provider. */
export const mapProviderConfig = (
  config: Record<string, unknown>,
  family: ProviderFamily,
  place: Place,
  context: ImportContext,
  defaultKeyEnv: string | undefined,
  at: PathSegment[],
): MappedConfig => {
  const settings: MappedConfig['settings'] = {};
  const options = mapOptions(config, place, context, at);
  if (Object.keys(options).length > 0) settings.options = options;
  // promptfoo tests these for truth: an empty string is as good as unset
  const host = typeof config.apiHost === 'string' && config.apiHost !== '' ? config.apiHost : undefined;
  const base =
    typeof config.apiBaseUrl === 'string' && config.apiBaseUrl !== '' ? config.apiBaseUrl : undefined;
  const apiVersion =
    family === 'azure' && typeof config.apiVersion === 'string' && config.apiVersion !== ''
      ? config.apiVersion
      : undefined;
  const applied = new Set<string>();
  if (host !== undefined && family === 'azure') {
    // the azure provider reads the api-version from the endpoint's query, as Azure's own URLs carry it
    settings.baseUrl =
      apiVersion === undefined
        ? `https://${host}`
        : `https://${host}/openai?api-version=${encodeURIComponent(apiVersion)}`;
    if (apiVersion !== undefined) applied.add('apiVersion');
  } else if (host !== undefined) settings.baseUrl = `https://${host}/v1`;
  // Anthropic's SDK takes the API root and adds /v1; yardstick's anthropic baseUrl includes the /v1
  else if (base !== undefined)
    settings.baseUrl = family === 'anthropic' ? `${base.replace(/\/+$/, '')}/v1` : base;
  if (settings.baseUrl !== undefined && hasTemplateSyntax(settings.baseUrl)) {
    const key = host !== undefined ? 'apiHost' : 'apiBaseUrl';
    context.notes.leftOut(
      childPlace(place, key),
      `${key} is a template (promptfoo fills it from the environment); write the URL`,
      at,
    );
    delete settings.baseUrl;
  }
  const badUrl = settings.baseUrl === undefined ? undefined : baseUrlSchema.safeParse(settings.baseUrl).error;
  if (badUrl !== undefined) {
    const key = host !== undefined ? 'apiHost' : 'apiBaseUrl';
    context.notes.leftOut(
      childPlace(place, key),
      `${key} gives no usable URL: ${badUrl.issues[0]?.message ?? 'not an http(s) URL'}`,
      at,
    );
    delete settings.baseUrl;
  }
  const customEndpoint = settings.baseUrl !== undefined;
  const keyEnv =
    typeof config.apiKeyEnvar === 'string' && config.apiKeyEnvar !== '' ? config.apiKeyEnvar : undefined;
  // promptfoo sends the provider's usual key to a custom endpoint too; yardstick only when told to
  if (keyEnv !== undefined || (customEndpoint && defaultKeyEnv !== undefined))
    settings.apiKeyEnv = keyEnv ?? defaultKeyEnv;
  const headers = mapHeaders(config.headers, childPlace(place, 'headers'), context, at);
  if (headers) settings.headers = headers;
  const input = perMillion(config.inputCost ?? config.cost);
  const output = perMillion(config.outputCost ?? config.cost);
  if (input !== undefined && output !== undefined) settings.price = { input, output };
  else if (['inputCost', 'outputCost', 'cost'].some((key) => config[key] !== undefined)) {
    context.notes.leftOut(
      place,
      'the cost keys do not give an input and an output price in dollars per token',
      at,
    );
  }
  reportOtherKeys(config, place, context, at, applied);
  return { settings, customEndpoint };
};
