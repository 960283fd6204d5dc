import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../stats/wilson-interval.js';
import { qualifyTargets, savingPerDay } from './qualify-targets.js';
import type { SummaryRow } from './run-summary.js';

const row = (model: string, passed: number, cases: number, costPer1kCallsUsd: number | null): SummaryRow => ({
  model,
  prompt: 'p',
  cases,
  results: cases,
  passed,
  failed: cases - passed,
  errors: 0,
  passRate: passed / cases,
  passRateCi95: wilsonInterval(passed, cases),
  costUsd: costPer1kCallsUsd === null ? null : (costPer1kCallsUsd * cases) / 1000,
  costPer1kCallsUsd,
  costPer1kCasesUsd: costPer1kCallsUsd,
  costPer1kUsd: costPer1kCallsUsd,
  judgeCostUsd: 0,
  latencyMs: { p50: 100, p95: 200 },
  ttftMs: { p50: null },
  tokens: { input: 10, output: 10 },
});

const targets = ['big', 'mid', 'small'];
const rows = [row('big', 400, 400, 10), row('mid', 340, 400, 1), row('small', 220, 400, 0.1)];

describe('qualifyTargets', () => {
  it('chooses the cheapest target whose Wilson lower bound reaches minPassRate, and orders the rest', () => {
    const decision = qualifyTargets(targets, rows, { minPassRate: 0.8 });
    expect(decision.chosen).toBe('mid');
    expect(decision.order).toEqual(['mid', 'big', 'small']);
    expect(decision.candidates.map((candidate) => candidate.qualified)).toEqual([true, true, false]);
    expect(decision.reason).toMatch(/^mid is the cheapest model whose pass rate is credibly at least 80\.0%/);
    expect(decision.reason).toMatch(/serving order: mid → big → small$/);
  });

  it('holds the lower bound, not the pass rate, to the bar', () => {
    // 85% on 400 cases has a lower bound of 81%: below a 0.84 bar although the rate is above it
    const decision = qualifyTargets(targets, rows, { minPassRate: 0.84 });
    expect(decision.chosen).toBe('big');
    expect(decision.candidates.find((candidate) => candidate.model === 'mid')?.qualified).toBe(false);
  });

  it('chooses nothing when no target qualifies, and says the gateway keeps the listed order', () => {
    const decision = qualifyTargets(['mid', 'small'], rows, { minPassRate: 0.95 });
    expect(decision.chosen).toBeNull();
    expect(decision.order).toEqual(['mid', 'small']);
    expect(decision.reason).toMatch(/^no target qualifies: .*listed order$/);
  });

  it('marks a target that did not run as unqualified, with why, and puts it last', () => {
    const decision = qualifyTargets(
      [...targets, 'gone'],
      rows,
      { minPassRate: 0.8 },
      {
        skipped: new Map([['gone', 'GONE_KEY is not set']]),
      },
    );
    expect(decision.order.at(-1)).toBe('gone');
    expect(decision.candidates.at(-1)).toMatchObject({
      passRate: null,
      qualified: false,
      note: 'did not run: GONE_KEY is not set',
    });
  });

  it('with a reference, qualifies the targets the paired comparison passes, the cheapest first', () => {
    const decision = qualifyTargets(
      targets,
      rows,
      { reference: 'big', maxDrop: 0.2 },
      {
        verdicts: new Map([
          ['mid', { decision: 'pass' as const, reason: 'pass: within 20 points' }],
          ['small', { decision: 'fail' as const, reason: 'fail: 45 points lower' }],
        ]),
      },
    );
    expect(decision.chosen).toBe('mid');
    expect(decision.order).toEqual(['mid', 'big', 'small']);
    expect(decision.candidates.find((candidate) => candidate.model === 'small')?.note).toBe(
      'fail: 45 points lower',
    );
    expect(decision.reason).toMatch(/^mid is the cheapest target shown to be at most 20\.0 points worse/);
  });

  it('computes the saving per day between two targets at a volume', () => {
    const decision = qualifyTargets(targets, rows, { minPassRate: 0.8 });
    const [big, mid] = decision.candidates;
    expect(savingPerDay(big, mid, 500_000)).toBeCloseTo(4500);
    expect(savingPerDay(big, { ...mid!, costPer1kCallsUsd: null }, 500_000)).toBeNull();
  });
});
