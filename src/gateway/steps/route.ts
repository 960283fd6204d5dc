// Step 5, route: the order in which this request tries the route's targets, as the policy of the route's `mode`
// decides (policies/route-policies.ts).
import type { ResolvedRoute, ResolvedTarget } from '../load-gateway-config.js';
import { routePolicies } from '../policies/route-policies.js';
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
      policy = routePolicies[resolved.mode](resolved.targets);
      policies.set(resolved, policy);
    }
    return policy.order(random);
  };
};

export type RouteStep = ReturnType<typeof createRouteStep>;
