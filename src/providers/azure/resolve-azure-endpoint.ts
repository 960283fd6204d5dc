// Where an Azure OpenAI deployment is reached: the deployment URL with its `api-version`, or the newer `/openai/v1`
// API (no version; the deployment goes as `model`), from `baseUrl` or AZURE_OPENAI_ENDPOINT.
import { YardstickError } from '../../spec/errors.js';

/** The latest GA version of the dated data-plane inference API. */
export const azureDefaultApiVersion = '2024-10-21';

export interface AzureEndpoint {
  /** Base URL the OpenAI adapter appends `/chat/completions` or `/embeddings` to (query kept after the path). */
  baseUrl: string;
  style: 'deployments' | 'v1';
  apiVersion: string | undefined;
  /** Reasoning deployments refuse `max_tokens`; API versions from 2024-12-01 (and v1) take `max_completion_tokens`. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
}

export interface AzureEndpointInput {
  modelId: string;
  deployment: string;
  baseUrl: string | undefined;
  env: Record<string, string | undefined>;
}

const setting = (env: AzureEndpointInput['env'], ...names: string[]): string | undefined =>
  names.map((name) => env[name]?.trim()).find((value) => value !== undefined && value !== '');

/**
 * @example
 * resolveAzureEndpoint({ modelId: 'azure:gpt4o', deployment: 'gpt4o', baseUrl: 'https://acme.openai.azure.com', env: {} })
 * // baseUrl: 'https://acme.openai.azure.com/openai/deployments/gpt4o?api-version=2024-10-21'
 */
export const resolveAzureEndpoint = ({
  modelId,
  deployment,
  baseUrl,
  env,
}: AzureEndpointInput): AzureEndpoint => {
  const source = baseUrl ?? setting(env, 'AZURE_OPENAI_ENDPOINT');
  if (source === undefined) {
    throw new YardstickError(
      'E_API_KEY_MISSING',
      `AZURE_OPENAI_ENDPOINT is not set (needed by model "${modelId}"); export AZURE_OPENAI_ENDPOINT=https://<resource>.openai.azure.com, or set baseUrl`,
    );
  }
  if (!URL.canParse(source)) {
    throw new YardstickError(
      'E_CONFIG',
      `the Azure endpoint of model "${modelId}" is not a URL: "${source}"; write https://<resource>.openai.azure.com`,
    );
  }
  const url = new URL(source);
  const path = url.pathname.replace(/\/+$/, '');
  if (path.endsWith('/openai/v1')) {
    url.pathname = path;
    return {
      baseUrl: url.toString(),
      style: 'v1',
      apiVersion: undefined,
      maxTokensField: 'max_completion_tokens',
    };
  }
  if (!/\/deployments\/[^/]+$/.test(path)) {
    const root = path.endsWith('/openai') ? path : `${path}/openai`;
    url.pathname = `${root}/deployments/${encodeURIComponent(deployment)}`;
  } else {
    url.pathname = path;
  }
  const apiVersion =
    url.searchParams.get('api-version') ??
    setting(env, 'AZURE_OPENAI_API_VERSION', 'OPENAI_API_VERSION') ??
    azureDefaultApiVersion;
  url.searchParams.set('api-version', apiVersion);
  return {
    baseUrl: url.toString(),
    style: 'deployments',
    apiVersion,
    maxTokensField: apiVersion.slice(0, 10) >= '2024-12-01' ? 'max_completion_tokens' : 'max_tokens',
  };
};
