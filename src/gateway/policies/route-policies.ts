// The table of route policies, one row per `policy` a route may name (a route without one takes the one its
// `mode` names): a new policy is one file and one row here, and a policy without a row does not compile.
import type { RoutePolicyName } from '../gateway-config.js';
import type { ResolvedRoute } from '../load-gateway-config.js';
import type { RouteQualifications } from '../route-qualifications.js';
import { cheapestPassingPolicy } from './cheapest-passing.js';
import { loadbalancePolicy } from './loadbalance.js';
import { orderedPolicy } from './ordered.js';
import type { RoutePolicy } from './route-policy.js';

/** What a policy may read besides its route. */
export interface PolicyDeps {
  qualifications: RouteQualifications;
}

export const routePolicies = {
  ordered: (route) => orderedPolicy(route.targets),
  loadbalance: (route) => loadbalancePolicy(route.targets),
  'cheapest-passing': (route, deps) => cheapestPassingPolicy(route, deps.qualifications),
} satisfies Record<RoutePolicyName, (route: ResolvedRoute, deps: PolicyDeps) => RoutePolicy>;
