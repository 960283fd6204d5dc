// The warning line for a model its provider has retired (or will retire): its price stays in the table so old
// runs and traces remain priced, but a new call to it will likely fail.
import type { ModelConfig } from '../spec/model-config.js';
import { effectivePriceTable } from './effective-price-table.js';
import type { PriceTable } from './price-table.js';
import { findTableEntry } from './resolve-price.js';

/**
 * @example retiredNotice({ id: 'anthropic:claude-opus-4' }) // 'anthropic:claude-opus-4 was retired by its provider on 2026-06-15; …'
 */
export const retiredNotice = (
  config: ModelConfig,
  today: Date = new Date(),
  table: PriceTable = effectivePriceTable(),
): string | undefined => {
  const retired = findTableEntry(config, table)?.retired;
  if (retired === undefined) return undefined;
  const name = config.label ?? config.id;
  if (retired !== true && retired > today.toISOString().slice(0, 10)) {
    return `${name} is to be retired by its provider on ${retired}; move to a newer model before then`;
  }
  const when = retired === true ? '' : ` on ${retired}`;
  return `${name} was retired by its provider${when}; calls to it will likely fail (its price is kept for old runs)`;
};

/** One warning per retired model among `configs`, each model once. */
export const retiredNotices = (configs: Iterable<ModelConfig>, today: Date = new Date()): string[] => {
  const notices = new Set<string>();
  for (const config of configs) {
    const notice = retiredNotice(config, today);
    if (notice !== undefined) notices.add(notice);
  }
  return [...notices];
};
