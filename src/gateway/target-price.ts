// What a call to a route target cost: its usage at the target's price (from the config, else the built-in table),
// resolved once per target.
import { costOfUsage } from '../pricing/cost-of-usage.js';
import { resolvePrice } from '../pricing/resolve-price.js';
import type { Usage } from '../spec/usage.js';
import type { ResolvedTarget } from './load-gateway-config.js';

const prices = new WeakMap<ResolvedTarget, ReturnType<typeof resolvePrice> | null>();

/** The cost in USD, or null when the target has no price. */
export const costOfCall = (target: ResolvedTarget, usage: Usage): number | null => {
  let price = prices.get(target);
  if (price === undefined) {
    price = resolvePrice(target.config) ?? null;
    prices.set(target, price);
  }
  return price ? (costOfUsage(usage, price.price) ?? null) : null;
};
