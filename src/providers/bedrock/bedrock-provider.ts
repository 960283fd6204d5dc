// Factory and registry entry for Bedrock models: credentials and region from the standard AWS variables.
import type { LanguageModel } from '../../spec/language-model.js';
import type { Connection, ProviderEntry } from '../provider-entry.js';
import { resolveBedrockAuth, resolveBedrockRegion } from './aws-credentials.js';
import { BedrockChatModel, type BedrockChatSettings, bedrockBaseUrl } from './bedrock-chat-model.js';
import { createBedrockSigner } from './sign-bedrock-request.js';

export type BedrockProviderSettings = Omit<BedrockChatSettings, 'modelName'>;

/**
 * @example
 * const model = createBedrock({ baseUrl: bedrockBaseUrl('us-east-1'), sign }).languageModel('amazon.nova-lite-v1:0');
 */
export const createBedrock = (settings: BedrockProviderSettings) => ({
  languageModel: (modelName: string): LanguageModel => new BedrockChatModel({ ...settings, modelName }),
});

const fromConnection = ({ modelId, baseUrl, apiKey, headers, transport, env }: Connection) => {
  const region = resolveBedrockRegion(env, modelId, baseUrl);
  const auth = resolveBedrockAuth(env, modelId, apiKey);
  return createBedrock({
    baseUrl: baseUrl ?? bedrockBaseUrl(region),
    headers,
    transport,
    ...(auth.kind === 'bearer'
      ? { apiKey: auth.token }
      : { sign: createBedrockSigner({ credentials: auth.credentials, region }) }),
  });
};

export const bedrockEntry: ProviderEntry = {
  // the host depends on the region; credentials are read by the entry itself (several variables, not one key)
  defaultBaseUrl: undefined,
  apiKeyEnv: [],
  keyFollowsBaseUrl: true,
  unpriced: false,
  speaks: [],
  cannotTake: ['seed', 'responseFormat'],
  languageModel: (connection) => fromConnection(connection).languageModel(connection.modelName),
};
