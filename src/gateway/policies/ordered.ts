// The ordered policy (`mode: fallback`, the default): every request tries the targets in the order listed; the
// next one only on a failure the route names in `fallbackOn`.
import type { RoutePolicyFactory } from './route-policy.js';

export const orderedPolicy: RoutePolicyFactory = (targets) => ({
  order: () => targets,
});
