// Step 3, find the route: which route a client's `model` names, and whether its key may use it: 403 for a route
// it may not use, 404 (listing what it may use) for a name that is no route, and `provider:model` when the config
// allows it.
import { parseModelId } from '../../spec/model-config.js';
import type { ApiKeyRow } from '../../store/contract/gateway-store.js';
import { GatewayError } from '../gateway-errors.js';
import { type LoadedGatewayConfig, type ResolvedRoute, resolveModel } from '../load-gateway-config.js';

const maxDirectRoutes = 1_000;

const mayUse = (key: ApiKeyRow, name: string): boolean => key.routes === null || key.routes.includes(name);

const forbidden = (message: string): GatewayError =>
  new GatewayError('route_not_allowed', message, { param: 'model' });

const notFound = (message: string): GatewayError =>
  new GatewayError('model_not_found', message, { param: 'model' });

/**
 * @example
 * const routes = createFindRoute(loaded);
 * const route = routes.find(request.model, key); // or throws 403/404
 */
export const createFindRoute = (loaded: LoadedGatewayConfig) => {
  // `provider:model` routes, made once each: a route's state (its targets' circuits) lives as long as the process
  const direct = new Map<string, ResolvedRoute>();
  const allowed = (key: ApiKeyRow): string[] => [...loaded.routes.keys()].filter((name) => mayUse(key, name));
  const find = (requested: string, key: ApiKeyRow): ResolvedRoute => {
    const route = loaded.routes.get(requested);
    if (route) {
      if (!mayUse(key, requested)) {
        throw forbidden(
          `API key "${key.name}" may not use route "${requested}"; it may use: ${allowed(key).join(', ') || 'none'}`,
        );
      }
      return route;
    }
    if (loaded.config.allowDirect && parseModelId(requested)) {
      const resolved = resolveModel(requested, loaded.config.providers);
      if (typeof resolved === 'string') throw notFound(resolved);
      if (!mayUse(key, requested)) throw forbidden(`API key "${key.name}" may not use "${requested}"`);
      let route = direct.get(requested);
      if (route === undefined) {
        route = {
          name: requested,
          mode: 'fallback',
          policy: 'ordered',
          targets: [{ name: requested, weight: 1, ...resolved }],
          fallbackOn: [],
          timeoutMs: 60_000,
          retries: 0,
          circuitBreaker: { failures: 0, coolDownMs: 30_000 },
          capture: false,
          dropUnsupported: false,
        };
        if (direct.size >= maxDirectRoutes) direct.clear();
        direct.set(requested, route);
      }
      return route;
    }
    throw notFound(
      `unknown model "${requested}"; this key may use: ${allowed(key).join(', ') || 'no route'}${loaded.config.allowDirect ? ', or provider:model' : ''}`,
    );
  };
  return { allowed, find };
};
