// Checks the recommendation: the cheapest credible model per call, and sentences that agree with the exit code.
import { describe, expect, it } from 'vitest';
import { recommendModel } from './recommend-model.js';
import type { SummaryRow } from './run-summary.js';

const row = (
  model: string,
  lower: number,
  costPer1kCallsUsd: number | null,
  passRate = 0.95,
  cases = 100,
): SummaryRow => ({
  model,
  prompt: 'p',
  cases,
  results: cases,
  passed: Math.round(passRate * cases),
  failed: 0,
  errors: 0,
  passRate,
  passRateCi95: [lower, 1],
  costUsd: null,
  costPer1kCallsUsd,
  costPer1kCasesUsd: costPer1kCallsUsd,
  costPer1kUsd: costPer1kCallsUsd,
  judgeCostUsd: 0,
  latencyMs: { p50: 1, p95: 1 },
  ttftMs: { p50: null },
  tokens: { input: 1, output: 1 },
});

describe('recommendModel', () => {
  it('names the cheapest model per call whose interval lower bound reaches the bar', () => {
    const result = recommendModel(
      [row('big', 0.93, 20), row('small', 0.91, 0.5), row('tiny', 0.8, 0.1)],
      0.9,
    );
    expect(result).toMatchObject({ model: 'small', credible: true });
    expect(result.reason).toContain(
      'small is the cheapest model whose pass rate is credibly at least 90.0% (95% CI lower bound 91.0%, $0.500 per 1,000 calls)',
    );
  });
  it('breaks a tie in cost by the higher interval lower bound', () => {
    expect(recommendModel([row('good', 0.85, 0), row('oracle', 0.92, 0)], 0.8).model).toBe('oracle');
  });
  it('row F: names the models below the bar, which make eval exit 1', () => {
    const result = recommendModel([row('oracle', 0.92, null, 1), row('tiny', 0.4, null, 0.535)], 0.8);
    expect(result.model).toBe('oracle');
    expect(result.reason).toMatch(
      /but is unpriced; add a price to compare its cost; below 80\.0%: tiny \(53\.5%\)$/,
    );
  });
  it('row I: a model that reaches the bar but not credibly is named with the cases it would take', () => {
    // 26/28 = 92.9%, Wilson lower bound 77.4%
    const result = recommendModel([row('baseline', 0.7735463743, null, 26 / 28, 28)], 0.9);
    expect(result).toMatchObject({ model: 'baseline', credible: false });
    expect(result.reason).toBe(
      'baseline reaches 90.0% on these 28 cases (92.9%) but not credibly: its 95% interval starts at 77.4%; ' +
        'about 424 cases at this pass rate would make it credible',
    );
    expect(result.reason).not.toContain('no model');
  });
  it('says when no number of cases makes a pass rate at the bar credible', () => {
    expect(recommendModel([row('m', 0.8, 1, 0.9)], 0.9).reason).toContain(
      'more cases alone cannot make it credible at this pass rate',
    );
  });
  it('says that none reaches the bar and which comes closest', () => {
    const result = recommendModel([row('a', 0.8, 1, 0.88), row('b', 0.7, 0.1, 0.8)], 0.9);
    expect(result).toMatchObject({ model: null, credible: false });
    expect(result.reason).toContain('no model reaches 90.0%; closest is a (pass rate 88.0%');
  });
  it('names a qualifying unpriced model only when no priced one qualifies, and says it is unpriced', () => {
    expect(recommendModel([row('local', 0.95, null), row('hosted', 0.5, 1)], 0.9)).toMatchObject({
      model: 'local',
      reason: expect.stringContaining('is unpriced'),
    });
  });
});
