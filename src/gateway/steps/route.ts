// Step 5, route: the order in which this request tries the route's targets, as the route's policy decides.
import type { ResolvedRoute, ResolvedTarget } from '../load-gateway-config.js';
import { loadbalancePolicy } from '../policies/loadbalance.js';
import type { RoutePolicy } from '../policies/route-policy.js';

/**
 * @example
 * const route = createRouteStep({ random: Math.random });
 * for (const target of route(resolved)) { ... }
 */
export const createRouteStep = ({ random }: { random: () => number }) => {
  // a policy per route, made on its first request and kept: it prepares what every request reuses
  const policies = new WeakMap<ResolvedRoute, RoutePolicy>();
  return function route(resolved: ResolvedRoute): readonly ResolvedTarget[] {
    let policy = policies.get(resolved);
    if (policy === undefined) {
      policy = loadbalancePolicy(resolved.targets);
      policies.set(resolved, policy);
    }
    return policy.order(random);
  };
};

export type RouteStep = ReturnType<typeof createRouteStep>;
