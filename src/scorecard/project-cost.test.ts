import { describe, expect, it } from 'vitest';
import { parseVolume, projectCost } from './project-cost.js';
import type { SummaryRow } from './run-summary.js';

const row = (costPer1kCallsUsd: number | null): SummaryRow => ({
  model: 'm',
  prompt: 'p',
  cases: 10,
  results: 10,
  passed: 10,
  failed: 0,
  errors: 0,
  passRate: 1,
  passRateCi95: [0.72, 1],
  costUsd: costPer1kCallsUsd === null ? null : costPer1kCallsUsd / 100,
  costPer1kCallsUsd,
  costPer1kCasesUsd: costPer1kCallsUsd === null ? null : costPer1kCallsUsd * 3,
  costPer1kUsd: costPer1kCallsUsd,
  judgeCostUsd: 0,
  latencyMs: { p50: 1, p95: 1 },
  ttftMs: { p50: null },
  tokens: { input: 1, output: 1 },
});

describe('parseVolume', () => {
  it('reads calls per hour, day or month, with k and M', () => {
    expect(parseVolume('500000/day').perDay).toBe(500_000);
    expect(parseVolume('20k/hour').perDay).toBe(480_000);
    expect(parseVolume('15M/month').perDay).toBe(500_000);
    expect(parseVolume('1_000 / day').perDay).toBe(1000);
  });
  it('says how to write a volume it cannot read', () => {
    expect(() => parseVolume('lots')).toThrow('write calls per hour, day or month, e.g. 500000/day');
    expect(() => parseVolume('5/week')).toThrow('--volume 5/week');
  });
});

describe('projectCost', () => {
  it('multiplies the cost per call (not per case: repeats make those differ) by the volume, and stays unpriced when the model is', () => {
    // $2 per 1,000 calls at 500,000 calls a day: $1,000 a day, $30,000 a month
    expect(projectCost(row(2), parseVolume('500000/day'))).toEqual({ perDayUsd: 1000, perMonthUsd: 30_000 });
    expect(projectCost(row(null), parseVolume('500000/day'))).toEqual({ perDayUsd: null, perMonthUsd: null });
  });
});
