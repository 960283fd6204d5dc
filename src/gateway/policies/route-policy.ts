// A route's policy: the order in which one request tries the route's targets (its first attempt, then its
// fallbacks). One file per policy, one row per policy in the route step's table.
import type { ResolvedTarget } from '../load-gateway-config.js';

export interface RoutePolicy {
  /** The targets in the order one request tries them; `random` returns a number in [0, 1). */
  order(random: () => number): readonly ResolvedTarget[];
}

/** Made once per route, so a policy can prepare what every request reuses. */
export type RoutePolicyFactory = (targets: readonly ResolvedTarget[]) => RoutePolicy;
