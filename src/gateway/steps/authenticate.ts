// Step 1, authenticate: the key a request presents, checked against the store (cached until any key changes).
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiKeyRow, GatewayStore } from '../../store/contract/gateway-store.js';
import { createKeyChecker, type KeyCheck, KeyStoreUnavailable } from '../api-keys.js';
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
 * const key = await authenticate(request.headers); // or throws 401 invalid_api_key saying why
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
  const toKey = (check: KeyCheck): ApiKeyRow => {
    if (!check.ok) throw new GatewayError('invalid_api_key', check.message);
    return check.key;
  };
  const unavailable = (error: unknown): never => {
    if (error instanceof KeyStoreUnavailable) throw new GatewayError('store_unavailable', error.message);
    throw error;
  };
  /** The key's row, or a promise of it while the store is read (the first request of a turn, a new key). */
  const authenticate = (headers: IncomingHttpHeaders, now = Date.now()): ApiKeyRow | Promise<ApiKeyRow> => {
    const check = checkKey(presentedKey(headers), now);
    return check instanceof Promise ? check.then(toKey, unavailable) : toKey(check);
  };
  return Object.assign(authenticate, {
    /** 1 while keys are read from the store, 0 while it cannot be read. */
    metricsText: (): string => `yardstick_gateway_key_store_up ${storeUp ? 1 : 0}\n`,
  });
};

export type Authenticate = ReturnType<typeof createAuthenticate>;
