// Whether a route's qualification record still holds: it is stale when what it was decided on changed — the
// suite's content, the target list, a target's price (given or from the table), the price table's version, or
// the rule itself. Pure: the caller gathers what holds now.
import type { Price } from '../spec/model-config.js';

export interface QualificationBasis {
  suiteHash: string;
  /** In the route's listed order. */
  targets: ReadonlyArray<{ model: string; price: Price | null }>;
  priceTableVersion: string;
  rule: { minPassRate?: number; reference?: string; maxDrop?: number; repeat: number | 'auto' };
}

const priceText = (price: Price | null): string =>
  price === null ? 'unpriced' : `$${price.input}/$${price.output} per 1M tokens`;

const samePrice = (a: Price | null, b: Price | null): boolean =>
  a === null || b === null
    ? a === b
    : a.input === b.input &&
      a.output === b.output &&
      a.cachedInput === b.cachedInput &&
      a.cacheWrite === b.cacheWrite;

const ruleText = (rule: QualificationBasis['rule']): string =>
  rule.reference !== undefined
    ? `reference ${rule.reference}, maxDrop ${rule.maxDrop}, repeat ${rule.repeat}`
    : `minPassRate ${rule.minPassRate}, repeat ${rule.repeat}`;

/** Why the record no longer holds, one sentence each; empty when it still does. */
export const staleReasons = (recorded: QualificationBasis, now: QualificationBasis): string[] => {
  const reasons: string[] = [];
  if (recorded.suiteHash !== now.suiteHash) reasons.push('the suite changed');
  const before = recorded.targets.map((target) => target.model);
  const after = now.targets.map((target) => target.model);
  const added = after.filter((model) => !before.includes(model));
  const removed = before.filter((model) => !after.includes(model));
  if (added.length > 0) reasons.push(`target(s) added: ${added.join(', ')}`);
  if (removed.length > 0) reasons.push(`target(s) removed: ${removed.join(', ')}`);
  for (const target of now.targets) {
    const old = recorded.targets.find((item) => item.model === target.model);
    if (old && !samePrice(old.price, target.price))
      reasons.push(
        `the price of ${target.model} changed from ${priceText(old.price)} to ${priceText(target.price)}`,
      );
  }
  if (recorded.priceTableVersion !== now.priceTableVersion)
    reasons.push(
      `the price table changed (version ${recorded.priceTableVersion} → ${now.priceTableVersion})`,
    );
  if (ruleText(recorded.rule) !== ruleText(now.rule))
    reasons.push(`the rule changed (${ruleText(recorded.rule)} → ${ruleText(now.rule)})`);
  return reasons;
};
