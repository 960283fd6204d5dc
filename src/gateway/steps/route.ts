// Step 5, route: the order in which this request tries the route's targets, as the route's policy decides
// (policies/route-policies.ts).
import type { ResolvedRoute, ResolvedTarget } from '../load-gateway-config.js';
import { type PolicyDeps, routePolicies } from '../policies/route-policies.js';
import type { RoutePolicy } from '../policies/route-policy.js';

/**
 * @example
 * const route = createRouteStep({ random: Math.random, qualifications });
 * for (const target of route(resolved)) { ... }
 */
export const createRouteStep = ({ random, ...deps }: { random: () => number } & PolicyDeps) => {
  // a policy per route, made on its first request and kept: it prepares what every request reuses
  const policies = new WeakMap<ResolvedRoute, RoutePolicy>();
  return function route(resolved: ResolvedRoute): readonly ResolvedTarget[] {
    let policy = policies.get(resolved);
    if (policy === undefined) {
      policy = routePolicies[resolved.policy](resolved, deps);
      policies.set(resolved, policy);
    }
    return policy.order(random);
  };
};

export type RouteStep = ReturnType<typeof createRouteStep>;
