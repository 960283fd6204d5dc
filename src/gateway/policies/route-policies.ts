// The table of route policies, one row per `mode` a route may name: a new policy is one file and one row here, and
// a mode without a policy does not compile.
import type { RouteMode } from '../gateway-config.js';
import { loadbalancePolicy } from './loadbalance.js';
import { orderedPolicy } from './ordered.js';
import type { RoutePolicyFactory } from './route-policy.js';

export const routePolicies = {
  fallback: orderedPolicy,
  loadbalance: loadbalancePolicy,
} satisfies Record<RouteMode, RoutePolicyFactory>;
