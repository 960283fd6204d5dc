import { describe, expect, it } from 'vitest';
import { recommendModel } from './recommend-model.js';
import type { SummaryRow } from './run-summary.js';

const row = (model: string, lower: number, costPer1kUsd: number | null, passRate = 0.95): SummaryRow => ({
  model,
  prompt: 'p',
  cases: 100,
  results: 100,
  passed: Math.round(passRate * 100),
  failed: 0,
  errors: 0,
  passRate,
  passRateCi95: [lower, 1],
  costUsd: null,
  costPer1kUsd,
  judgeCostUsd: 0,
  latencyMs: { p50: 1, p95: 1 },
  ttftMs: { p50: null },
  tokens: { input: 1, output: 1 },
});

describe('recommendModel', () => {
  it('names the cheapest model whose interval lower bound reaches the bar', () => {
    const result = recommendModel(
      [row('big', 0.93, 20), row('small', 0.91, 0.5), row('tiny', 0.8, 0.1)],
      0.9,
    );
    expect(result.model).toBe('small');
    expect(result.reason).toContain('small is the cheapest model whose pass rate is credibly at least 90.0%');
  });
  it('says that none qualifies and which comes closest', () => {
    const result = recommendModel([row('a', 0.85, 1, 0.9), row('b', 0.7, 0.1, 0.8)], 0.9);
    expect(result.model).toBeNull();
    expect(result.reason).toContain('no model is credibly at least 90.0%; closest is a');
  });
  it('names a qualifying unpriced model only when no priced one qualifies, and says it is unpriced', () => {
    expect(recommendModel([row('local', 0.95, null), row('hosted', 0.5, 1)], 0.9)).toMatchObject({
      model: 'local',
      reason: expect.stringContaining('is unpriced'),
    });
  });
});
