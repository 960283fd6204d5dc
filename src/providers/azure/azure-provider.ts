// Azure OpenAI as a short config over the one OpenAI adapter: the deployment URL and api-version, the `api-key`
// header (or an Entra bearer token), and Azure's content-filter errors.
import { YardstickError } from '../../spec/errors.js';
import { createOpenAI } from '../openai/openai-provider.js';
import type { Connection, ProviderEntry } from '../provider-entry.js';
import { mapAzureStatusError } from './azure-errors.js';
import { resolveAzureEndpoint } from './resolve-azure-endpoint.js';

const isSet = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

const hasHeader = (headers: Record<string, string> | undefined, name: string): boolean =>
  Object.keys(headers ?? {}).some((header) => header.toLowerCase() === name);

/** `api-key` for a key (from apiKeyEnv or AZURE_OPENAI_API_KEY), a bearer header for an Entra token. */
const authHeaders = ({ apiKey, env, headers, modelId }: Connection): Record<string, string> => {
  const key = apiKey ?? (isSet(env.AZURE_OPENAI_API_KEY) ? env.AZURE_OPENAI_API_KEY.trim() : undefined);
  if (key !== undefined) return { 'api-key': key };
  if (isSet(env.AZURE_OPENAI_AD_TOKEN))
    return { authorization: `Bearer ${env.AZURE_OPENAI_AD_TOKEN.trim()}` };
  if (hasHeader(headers, 'api-key') || hasHeader(headers, 'authorization')) return {};
  throw new YardstickError(
    'E_API_KEY_MISSING',
    `AZURE_OPENAI_API_KEY is not set (nor AZURE_OPENAI_AD_TOKEN) (needed by model "${modelId}"); export AZURE_OPENAI_API_KEY, or set apiKeyEnv`,
  );
};

const fromConnection = (connection: Connection) => {
  const endpoint = resolveAzureEndpoint({
    modelId: connection.modelId,
    deployment: connection.modelName,
    baseUrl: connection.baseUrl,
    env: connection.env,
  });
  return createOpenAI({
    providerId: 'azure',
    baseUrl: endpoint.baseUrl,
    headers: { ...authHeaders(connection), ...connection.headers },
    transport: connection.transport,
    maxTokensField: endpoint.maxTokensField,
    mapStatusError: mapAzureStatusError,
  });
};

export const azureEntry: ProviderEntry = {
  // each resource has its own host; the key goes wherever baseUrl or AZURE_OPENAI_ENDPOINT points
  defaultBaseUrl: undefined,
  apiKeyEnv: [],
  keyFollowsBaseUrl: true,
  unpriced: false,
  speaks: ['openai-chat', 'openai-embeddings'],
  languageModel: (connection) => fromConnection(connection).languageModel(connection.modelName),
  embeddingModel: (connection) => fromConnection(connection).embeddingModel(connection.modelName),
};
