// Reads how to authenticate to Bedrock from the standard AWS environment variables: a Bedrock API key
// (AWS_BEARER_TOKEN_BEDROCK) or access keys for SigV4, and the region from AWS_REGION / AWS_DEFAULT_REGION.
import { YardstickError } from '../../spec/errors.js';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export type BedrockAuth = { kind: 'sigv4'; credentials: AwsCredentials } | { kind: 'bearer'; token: string };

type Env = Record<string, string | undefined>;

const read = (env: Env, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

const missing = (name: string, modelId: string, how: string) =>
  new YardstickError('E_API_KEY_MISSING', `${name} is not set (needed by model "${modelId}"); ${how}`);

/** A key from `apiKeyEnv` or AWS_BEARER_TOKEN_BEDROCK wins, as in AWS's SDKs; otherwise access keys sign. */
export const resolveBedrockAuth = (env: Env, modelId: string, apiKey: string | undefined): BedrockAuth => {
  const token = apiKey ?? read(env, 'AWS_BEARER_TOKEN_BEDROCK');
  if (token !== undefined) return { kind: 'bearer', token };
  const accessKeyId = read(env, 'AWS_ACCESS_KEY_ID');
  if (accessKeyId === undefined) {
    throw missing(
      'AWS_ACCESS_KEY_ID',
      modelId,
      'export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_BEARER_TOKEN_BEDROCK)',
    );
  }
  const secretAccessKey = read(env, 'AWS_SECRET_ACCESS_KEY');
  if (secretAccessKey === undefined)
    throw missing('AWS_SECRET_ACCESS_KEY', modelId, 'export AWS_SECRET_ACCESS_KEY');
  const sessionToken = read(env, 'AWS_SESSION_TOKEN');
  return {
    kind: 'sigv4',
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) },
  };
};

/** The region from the environment, or from a `bedrock-runtime.<region>.amazonaws.com` base URL. */
export const resolveBedrockRegion = (env: Env, modelId: string, baseUrl: string | undefined): string => {
  const fromUrl =
    baseUrl === undefined
      ? undefined
      : /bedrock-runtime(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com/.exec(baseUrl)?.[1];
  const region = read(env, 'AWS_REGION') ?? read(env, 'AWS_DEFAULT_REGION') ?? fromUrl;
  if (region === undefined)
    throw missing('AWS_REGION', modelId, 'export AWS_REGION (e.g. us-east-1), or AWS_DEFAULT_REGION');
  return region;
};
