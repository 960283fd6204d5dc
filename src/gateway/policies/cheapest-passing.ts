// The cheapest-passing policy: the order of the route's latest valid qualification record — the cheapest target
// that passed the route's suite first, then the other qualified ones by cost, then the rest — and the listed
// order while the route is unqualified. The order is rebuilt only when a record changes, never per request.
import type { ResolvedRoute, ResolvedTarget } from '../load-gateway-config.js';
import type { RouteQualifications } from '../route-qualifications.js';
import type { RoutePolicy } from './route-policy.js';

const orderOf = (route: ResolvedRoute, qualifications: RouteQualifications): readonly ResolvedTarget[] => {
  const state = qualifications.of(route.name);
  if (!state?.qualified) return route.targets;
  const byName = new Map(route.targets.map((target) => [target.name, target]));
  const ordered = state.order.flatMap((name) => byName.get(name) ?? []);
  // a record always names every target (else it is not valid); this keeps any it might miss, last
  return [...ordered, ...route.targets.filter((target) => !ordered.includes(target))];
};

export const cheapestPassingPolicy = (
  route: ResolvedRoute,
  qualifications: RouteQualifications,
): RoutePolicy => {
  let seen = -1;
  let order: readonly ResolvedTarget[] = route.targets;
  return {
    order() {
      const version = qualifications.version();
      if (version !== seen) {
        seen = version;
        order = orderOf(route, qualifications);
      }
      return order;
    },
  };
};
