// The loadbalance policy: the first attempt goes to a target drawn by weight; the others follow in the order
// written, as fallbacks. A target with weight 0 is never drawn: a standby, used only as a fallback.
import type { ResolvedTarget } from '../load-gateway-config.js';
import type { RoutePolicyFactory } from './route-policy.js';

export const loadbalancePolicy: RoutePolicyFactory = (targets) => {
  const total = targets.reduce((sum, target) => sum + target.weight, 0);
  // each possible first target's order, made once: a request only draws which one
  const orders = targets.map((first) => [first, ...targets.filter((target) => target !== first)]);
  const lastWeighted = targets.findLastIndex((target) => target.weight > 0);
  return {
    order(random) {
      if (targets.length <= 1 || total <= 0) return targets;
      let pick = random() * total;
      for (const [index, target] of targets.entries()) {
        pick -= target.weight;
        if (pick < 0 && target.weight > 0) return orders[index] as ResolvedTarget[];
      }
      // rounding left a sliver of the total: the last target that may be drawn
      return orders[lastWeighted] as ResolvedTarget[];
    },
  };
};
