// Step 1, authenticate: the key a request presents, checked against the store (cached until any key changes).
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiKeyRow, GatewayStore } from '../../store/contract/gateway-store.js';
import { createKeyChecker } from '../api-keys.js';
import { GatewayError } from '../gateway-errors.js';

/** `Authorization: Bearer <key>` (OpenAI SDKs) or `x-api-key: <key>` (Anthropic SDKs). */
export const presentedKey = (headers: IncomingHttpHeaders): string | undefined => {
  const authorization = headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice('Bearer '.length).trim();
  const header = headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
};

/**
 * @example
 * const authenticate = createAuthenticate(store);
 * const key = await authenticate(request.headers); // or rejects with 401 invalid_api_key saying why
 */
export const createAuthenticate = (store: GatewayStore) => {
  const checkKey = createKeyChecker(store);
  return async function authenticate(headers: IncomingHttpHeaders, now = Date.now()): Promise<ApiKeyRow> {
    const check = await checkKey(presentedKey(headers), now);
    if (!check.ok) throw new GatewayError('invalid_api_key', check.message);
    return check.key;
  };
};

export type Authenticate = ReturnType<typeof createAuthenticate>;
