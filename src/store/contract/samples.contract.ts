// Rows for the store contract's cases (and for tests elsewhere that need a realistic run, result, key, trace,
// monitor sample or qualification record).
import type { AssertionOutcome } from '../../spec/assertion.js';
import type { ApiKeyRow, TraceInput } from './gateway-store.js';
import type { MonitorSampleInput } from './monitor-store.js';
import type { NewQualification } from './qualification-store.js';
import type { NewRun, ResultInput } from './store-types.js';

export const run = (overrides: Partial<NewRun> = {}): NewRun => ({
  id: 'run-1',
  suiteName: 'faq',
  suitePath: 'suite.yaml',
  suiteHash: 'abc',
  startedAt: '2025-10-15T10:00:00.000Z',
  config: { repeat: 1 },
  totalPlanned: 4,
  ...overrides,
});

export const sampleResult = (overrides: Partial<ResultInput> = {}): ResultInput => ({
  runId: 'run-1',
  promptId: 'p1',
  modelId: 'openai:gpt-4o-mini',
  testId: 't1',
  repeat: 0,
  pass: true,
  score: 1,
  output: 'Paris',
  toolCalls: [{ id: 'c1', name: 'lookup', arguments: '{}' }],
  latencyMs: 100,
  ttftMs: 40,
  costUsd: 0.001,
  judgeCostUsd: 0.0001,
  usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 2, reasoningTokens: 1 },
  cacheHit: false,
  requestHash: 'h1',
  finishReason: { unified: 'stop', raw: 'stop' },
  attempts: 1,
  assertions: [
    { type: 'contains', pass: true, score: 1, weight: 1, reason: 'found "Paris"' },
    {
      type: 'llm-rubric',
      label: 'polite',
      pass: true,
      score: 0.8,
      weight: 2,
      reason: 'ok',
      judgeCostUsd: 0.0001,
    },
  ],
  ...overrides,
});

export const sampleTrace = (overrides: Partial<TraceInput> = {}): TraceInput => ({
  id: 't1',
  startedAt: '2026-11-01T10:00:00.000Z',
  keyId: 'k1',
  keyName: 'team-a',
  route: 'summarize',
  requestedModel: 'summarize',
  endpoint: '/v1/chat/completions',
  stream: false,
  status: 200,
  provider: 'openai',
  model: 'gpt-4o-mini',
  errorCode: null,
  errorMessage: null,
  attempts: [{ provider: 'openai', model: 'gpt-4o-mini', status: 200, latencyMs: 10, error: null }],
  inputTokens: 10,
  cachedInputTokens: null,
  outputTokens: 5,
  reasoningTokens: null,
  costUsd: 0.001,
  ttftMs: null,
  latencyMs: 12,
  cacheHit: false,
  requestJson: null,
  responseJson: null,
  ...overrides,
});

export const sampleKey = (overrides: Partial<ApiKeyRow> = {}): ApiKeyRow => ({
  id: 'k1',
  name: 'team-a',
  secretSha256: 'f'.repeat(64),
  createdAt: '2026-11-01T00:00:00.000Z',
  expiresAt: null,
  revokedAt: null,
  budgetUsd: 5,
  budgetPeriod: 'day',
  rpm: 60,
  tpm: null,
  routes: ['summarize'],
  ...overrides,
});

export const sampleMonitorSample = (overrides: Partial<MonitorSampleInput> = {}): MonitorSampleInput => ({
  traceId: 'tr-1',
  startedAt: '2026-11-01T10:00:00.000Z',
  route: 'faq',
  model: 'openai:gpt-4o-mini',
  scored: true,
  pass: true,
  score: 1,
  notScoredReason: null,
  checks: [{ type: 'contains', pass: true, score: 1, reason: 'found' }],
  judgeCostUsd: 0.002,
  messages: [{ role: 'user', content: 'hi' }],
  output: 'hello',
  toolCalls: [],
  scoredAt: '2026-11-01T10:00:05.000Z',
  ...overrides,
});

export const sampleQualification = (
  route: string,
  chosen: string | null,
  createdAt: string,
): NewQualification => ({
  route,
  createdAt,
  runId: 'run-1',
  suitePath: '/s.yaml',
  suiteHash: 'h',
  rule: { minPassRate: 0.8, repeat: 1 },
  priceTableVersion: 'v1',
  targets: [{ model: 'a', price: { input: 1, output: 2 } }],
  candidates: [
    {
      model: 'a',
      passRate: 0.9,
      passRateCi95: [0.8, 0.95],
      costPer1kCallsUsd: 0.5,
      latencyMs: { p95: 120 },
      qualified: true,
    },
  ],
  chosen,
  order: ['a'],
  reason: 'because',
});

export const collect = async <T>(rows: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const row of rows) all.push(row);
  return all;
};

export const nanAssertion: AssertionOutcome[] = [
  { type: 'contains', pass: true, score: Number.NaN, weight: 1, reason: 'x' },
];

/** A key with no budget, rates or route list: what the gateway's limit tests start from. */
export const plainKey = (overrides: Partial<ApiKeyRow> = {}): ApiKeyRow =>
  sampleKey({
    secretSha256: '0'.repeat(64),
    budgetUsd: null,
    budgetPeriod: null,
    rpm: null,
    tpm: null,
    routes: null,
    ...overrides,
  });
