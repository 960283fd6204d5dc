import { describe, expect, it } from 'vitest';
import type { ReportResult, ReportSource } from '../../scorecard/report-source.js';
import type { RunSummary } from '../../scorecard/run-summary.js';
import { streamOf } from '../../testing/collect.js';
import { buildHtmlReportData } from './report-data.js';

const result = (modelId: string, testId: string, repeat: number, pass: boolean): ReportResult => ({
  promptId: 'p',
  modelId,
  testId,
  repeat,
  pass,
  score: pass ? 1 : 0,
  output: `answer of ${modelId} to ${testId} `.repeat(10),
  toolCalls: [],
  errorCode: null,
  errorMessage: null,
  latencyMs: 10,
  ttftMs: null,
  costUsd: 0.001,
  judgeCostUsd: 0,
  inputTokens: 1,
  outputTokens: 1,
  cachedInputTokens: null,
  reasoningTokens: null,
  cacheHit: false,
  finishReason: 'stop',
  finishReasonRaw: 'stop',
  assertions: async () => [
    { type: 'contains', pass, score: pass ? 1 : 0, weight: 1, reason: pass ? 'found' : 'missing' },
  ],
});

const summaryFor = (models: string[]): RunSummary =>
  ({
    run: { id: 'r', suite: 's', suitePath: '/s', status: 'completed', startedAt: '', finishedAt: null },
    summary: models.map((model) => ({ model, prompt: 'p' })),
    skipped: [],
    skippedAssertions: [],
    flaky: [],
    totals: { cases: 0, results: 0, passed: 0, failed: 0, errors: 0, passRate: 0 },
  }) as unknown as RunSummary;

describe('buildHtmlReportData', () => {
  const results = [
    result('a', 't1', 0, true),
    result('a', 't1', 1, false),
    result('a', 't2', 0, true),
    result('a', 't3', 0, false),
    result('b', 't2', 0, false),
    result('b', 't9', 0, true),
  ];
  const source = { results: () => streamOf(results) } as unknown as ReportSource;

  it('puts each case in one row with a cell per model, holding its repeats', async () => {
    const data = await buildHtmlReportData(summaryFor(['a', 'b']), source);
    expect(data.cases.map((item) => item.id)).toEqual(['t1', 't2', 't3', 't9']);
    const t1 = data.cases[0]?.cells;
    expect(t1?.[0]).toMatchObject({ passed: 1, runs: 2, errors: 0 });
    expect(t1?.[0]?.results[1]?.checks).toEqual([
      { name: 'contains', pass: false, skipped: false, reason: 'missing' },
    ]);
    // b never answered t1
    expect(t1?.[1]).toBeNull();
    expect(data.cases[1]?.cells[1]).toMatchObject({ passed: 0, runs: 1 });
  });

  it('keeps the file bounded: caps the cases, cuts long answers and says what it left out', async () => {
    const data = await buildHtmlReportData(summaryFor(['a', 'b']), source, {
      limits: { maxCases: 2, maxOutputChars: 20, maxComparedCases: 1 },
    });
    expect(data.cases.map((item) => item.id)).toEqual(['t1', 't2']);
    expect(data.casesOmitted).toBe(2);
    expect(data.cases[0]?.cells[0]?.results[0]?.output).toMatch(
      /^answer of a to t1 an… \(\d+ more characters in the run JSON\)$/,
    );
  });
});
