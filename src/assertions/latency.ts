// `latency`: the call finished within `maxMs` milliseconds.
import type { AssertionConfig } from '../spec/assertion.js';
import type { SyncAssertionHandler } from './assertion-context.js';

export const latency: SyncAssertionHandler<Extract<AssertionConfig, { type: 'latency' }>> = (
  config,
  context,
) => {
  const pass = context.latencyMs <= config.maxMs;
  const ms = Math.round(context.latencyMs);
  return { pass, score: pass ? 1 : 0, reason: `latency ${ms} ms ${pass ? '≤' : '>'} ${config.maxMs} ms` };
};
