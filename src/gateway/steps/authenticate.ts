// Step 1, authenticate: the key a request presents, checked against the store (cached until any key changes).
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiKeyRow, GatewayStore } from '../../store/contract/gateway-store.js';
import { createKeyChecker, KeyStoreUnavailable } from '../api-keys.js';
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
export const createAuthenticate = (store: GatewayStore, log: (line: string) => void = () => {}) => {
  let storeUp = true;
  const checkKey = createKeyChecker(store, (state) => {
    storeUp = state.up;
    log(
      state.up
        ? 'the key store is back: keys are read from it again'
        : `the key store cannot be read (${state.reason}); checking keys against the rows read before, until it is back`,
    );
  });
  const authenticate = async (headers: IncomingHttpHeaders, now = Date.now()): Promise<ApiKeyRow> => {
    let check: Awaited<ReturnType<typeof checkKey>>;
    try {
      check = await checkKey(presentedKey(headers), now);
    } catch (error) {
      if (error instanceof KeyStoreUnavailable) throw new GatewayError('store_unavailable', error.message);
      throw error;
    }
    if (!check.ok) throw new GatewayError('invalid_api_key', check.message);
    return check.key;
  };
  return Object.assign(authenticate, {
    /** 1 while keys are read from the store, 0 while it cannot be read. */
    metricsText: (): string => `yardstick_gateway_key_store_up ${storeUp ? 1 : 0}\n`,
  });
};

export type Authenticate = ReturnType<typeof createAuthenticate>;
