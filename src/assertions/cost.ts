// `cost`: the call cost at most `maxUsd`; an unpriced call fails, since "unpriced" is never 0.
import type { AssertionConfig } from '../spec/assertion.js';
import type { SyncAssertionHandler } from './assertion-context.js';

const formatUsd = (usd: number): string => `$${Number(usd.toPrecision(3))}`;

export const cost: SyncAssertionHandler<Extract<AssertionConfig, { type: 'cost' }>> = (config, context) => {
  if (context.costUsd === undefined)
    return { pass: false, score: 0, reason: 'cost unpriced: model has no price' };
  const pass = context.costUsd <= config.maxUsd;
  const reason = `cost ${formatUsd(context.costUsd)} ${pass ? '≤' : '>'} ${formatUsd(config.maxUsd)}`;
  return { pass, score: pass ? 1 : 0, reason };
};
