// The environment a gateway config's providers read their keys from: the process environment over the entries
// of the config's secrets file, for the commands that call a route's targets (`serve`, `qualify`).
import { readFileSync } from 'node:fs';
import { type LoadedGatewayConfig, parseSecretsFile } from '../gateway/load-gateway-config.js';
import { YardstickError } from '../spec/errors.js';

export const gatewayEnv = (loaded: LoadedGatewayConfig): Record<string, string | undefined> => {
  const file = loaded.config.secretsFile;
  if (!file) return process.env;
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch {
    throw new YardstickError('E_GATEWAY_CONFIG', `cannot read the secrets file ${file}`);
  }
  // the environment wins over the file
  return { ...parseSecretsFile(content, file), ...process.env };
};
