// The store contract as tests: the same cases run against any engine's `Stores` (see postgres-stores.test.ts),
// so SQLite and PostgreSQL agree on ordering, upserts, resume, cursors, aggregates and key versions.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AssertionOutcome } from '../../spec/assertion.js';
import { fuzzSeed } from '../../testing/fuzz-seed.js';
import type { ApiKeyRow, TraceInput } from './gateway-store.js';
import type { MonitorSampleInput } from './monitor-store.js';
import type { NewQualification } from './qualification-store.js';
import { type NewRun, type ResultInput, resultKey } from './store-types.js';
import type { Stores } from './stores.js';
import type { TraceListFilter } from './trace-queries.js';

export interface OpenedStores {
  stores: Stores;
  /** Closes the stores and removes what `open` made. */
  cleanup(): Promise<void>;
}

const run = (overrides: Partial<NewRun> = {}): NewRun => ({
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

const collect = async <T>(rows: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const row of rows) all.push(row);
  return all;
};

const nanAssertion: AssertionOutcome[] = [
  { type: 'contains', pass: true, score: Number.NaN, weight: 1, reason: 'x' },
];

/** Registers the contract's cases for one engine; `open` gives fresh, empty stores for each case. */
export const describeStoreContract = (name: string, open: () => Promise<OpenedStores>): void => {
  describe(`the store contract on ${name}`, () => {
    let opened: OpenedStores;
    let stores: Stores;
    beforeEach(async () => {
      opened = await open();
      stores = opened.stores;
      await stores.runs.createRun(run());
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    describe('runs', () => {
      it('creates, lists newest first, finishes and resumes a run', async () => {
        const { runs } = stores;
        await runs.createRun(run({ id: 'run-2', startedAt: '2025-10-16T00:00:00.000Z', config: null }));
        expect((await runs.listRuns({ limit: 5 })).map((row) => row.id)).toEqual(['run-2', 'run-1']);
        expect((await runs.listRuns({ limit: 1 })).map((row) => row.id)).toEqual(['run-2']);
        expect(await runs.getRun('run-1')).toMatchObject({
          status: 'running',
          finishedAt: undefined,
          config: { repeat: 1 },
          ownerPid: undefined,
        });
        await runs.finishRun('run-1', 'aborted', '2025-10-15T10:05:00.000Z');
        expect(await runs.getRun('run-1')).toMatchObject({
          status: 'aborted',
          finishedAt: '2025-10-15T10:05:00.000Z',
        });
        await runs.markRunning('run-1');
        expect(await runs.getRun('run-1')).toMatchObject({ status: 'running', finishedAt: undefined });
        expect(await runs.getRun('missing')).toBeUndefined();
      });

      it('records the owner and heartbeat of a run and a recounted plan', async () => {
        await stores.runs.claimRun('run-1', 4242);
        await stores.runs.setTotalPlanned('run-1', 12);
        const row = await stores.runs.getRun('run-1');
        expect(row).toMatchObject({ ownerPid: 4242, totalPlanned: 12 });
        expect(Date.parse(row?.heartbeatAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
      });

      it('records, replaces and clears skipped models', async () => {
        const { runs } = stores;
        await runs.recordSkippedModel('run-1', 'ollama:llama3', 'connection refused');
        await runs.recordSkippedModel('run-1', 'ollama:llama3', 'still refused');
        await runs.recordSkippedModel('run-1', 'anthropic:claude', 'no key');
        expect(await runs.skippedModels('run-1')).toEqual([
          { modelId: 'anthropic:claude', reason: 'no key' },
          { modelId: 'ollama:llama3', reason: 'still refused' },
        ]);
        await runs.clearSkippedModels('run-1');
        expect(await runs.skippedModels('run-1')).toEqual([]);
      });

      it('streams every run oldest first', async () => {
        await stores.runs.createRun(run({ id: 'run-0', startedAt: '2025-10-14T00:00:00.000Z' }));
        await stores.runs.createRun(run({ id: 'run-2', startedAt: '2025-10-15T10:00:00.000Z' }));
        expect((await collect(stores.runs.iterateRuns())).map((row) => row.id)).toEqual([
          'run-0',
          'run-1',
          'run-2',
        ]);
      });
    });

    describe('recording results', () => {
      it('round-trips a result and its assertions', async () => {
        expect(await stores.runs.recordResult(sampleResult())).toBe(true);
        const [row] = await collect(stores.runs.iterateResults('run-1'));
        expect(row).toMatchObject({
          promptId: 'p1',
          pass: true,
          score: 1,
          output: 'Paris',
          toolCalls: [{ id: 'c1', name: 'lookup', arguments: '{}' }],
          costUsd: 0.001,
          judgeCostUsd: 0.0001,
          latencyMs: 100,
          ttftMs: 40,
          usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 2, reasoningTokens: 1 },
          finishReason: { unified: 'stop', raw: 'stop' },
          cacheHit: false,
          requestHash: 'h1',
        });
        const assertions = await stores.runs.assertionsForResult(row?.id ?? -1);
        expect(
          assertions.map((item) => [item.index, item.type, item.label, item.weight, item.judgeCostUsd]),
        ).toEqual([
          [0, 'contains', undefined, 1, undefined],
          [1, 'llm-rubric', 'polite', 2, 0.0001],
        ]);
      });

      it('ignores a second write of the same case, so resume never duplicates', async () => {
        expect(await stores.runs.recordResult(sampleResult())).toBe(true);
        expect(await stores.runs.recordResult(sampleResult({ output: 'London', pass: false }))).toBe(false);
        expect(await stores.runs.countResults('run-1')).toBe(1);
        expect((await collect(stores.runs.iterateResults('run-1')))[0]?.output).toBe('Paris');
        expect(await collect(stores.runs.iterateAssertions('run-1'))).toHaveLength(2);
      });

      it('writes nothing when any part fails', async () => {
        await expect(
          stores.runs.recordResult(sampleResult({ assertions: nanAssertion })),
        ).rejects.toMatchObject({
          code: 'E_STORE',
        });
        expect(await stores.runs.countResults('run-1')).toBe(0);
        expect(await collect(stores.runs.iterateAssertions('run-1'))).toEqual([]);
      });

      it('writes a batch in one transaction, false for each case already stored or twice in the batch', async () => {
        expect(await stores.runs.recordResult(sampleResult())).toBe(true);
        expect(
          await stores.runs.recordResults([
            sampleResult(),
            sampleResult({ testId: 't2' }),
            sampleResult({ testId: 't3' }),
            sampleResult({ testId: 't3', output: 'second' }),
          ]),
        ).toEqual([false, true, true, false]);
        expect(await stores.runs.countResults('run-1')).toBe(3);
        const outputs = (await collect(stores.runs.iterateResults('run-1'))).map((row) => row.output);
        expect(outputs).toEqual(['Paris', 'Paris', 'Paris']);
        expect(await collect(stores.runs.iterateAssertions('run-1'))).toHaveLength(6);
        expect(await stores.runs.recordResults([])).toEqual([]);
      });

      it('writes no result of a batch when one of them fails', async () => {
        const broken = sampleResult({ testId: 't9', assertions: nanAssertion });
        await expect(
          stores.runs.recordResults([sampleResult({ testId: 't8' }), broken]),
        ).rejects.toMatchObject({
          code: 'E_STORE',
          message: expect.stringContaining('2 results'),
        });
        expect(await stores.runs.countResults('run-1')).toBe(0);
      });

      it('rejects a result for an unknown run with E_STORE naming the run', async () => {
        await expect(stores.runs.recordResult(sampleResult({ runId: 'nope' }))).rejects.toMatchObject({
          code: 'E_STORE',
          message: expect.stringContaining('run nope'),
        });
      });

      it('stores an errored case with no pass value and no cost', async () => {
        await stores.runs.recordResult(
          sampleResult({
            pass: false,
            errorCode: 'E_TIMEOUT',
            errorMessage: 'slow',
            costUsd: undefined,
            assertions: [],
          }),
        );
        const [row] = await collect(stores.runs.iterateResults('run-1'));
        expect(row).toMatchObject({
          pass: undefined,
          errorCode: 'E_TIMEOUT',
          errorMessage: 'slow',
          costUsd: undefined,
        });
      });

      it('keeps text with NUL characters and quotes, and cuts an oversized output saying so', async () => {
        const huge = 'x'.repeat(300 * 1024);
        await stores.runs.recordResults([
          sampleResult({ output: 'a\u0000b "quoted" \\ {braces}, ok' }),
          sampleResult({ testId: 't2', output: huge }),
        ]);
        const [first, second] = await collect(stores.runs.iterateResults('run-1'));
        expect(first?.output).toMatch(/^a.b "quoted" \\ \{braces\}, ok$/);
        expect(second?.output?.length).toBeLessThan(huge.length);
        expect(second?.output).toContain(`${huge.length} characters`);
      });
    });

    describe('reading results', () => {
      it('returns the stored cases in the runner plan format, with whether each passed', async () => {
        await stores.runs.recordResult(sampleResult());
        await stores.runs.recordResult(sampleResult({ repeat: 1, pass: false }));
        await stores.runs.recordResult(sampleResult({ repeat: 2, errorCode: 'E_TIMEOUT' }));
        expect(await stores.runs.completedResults('run-1')).toEqual(
          new Map([
            [resultKey('p1', 'openai:gpt-4o-mini', 't1', 0), true],
            [resultKey('p1', 'openai:gpt-4o-mini', 't1', 1), false],
            [resultKey('p1', 'openai:gpt-4o-mini', 't1', 2), false],
          ]),
        );
      });

      it('streams results by model, prompt, case and repeat, and allows reads while iterating', async () => {
        const inputs: ResultInput[] = [];
        for (const modelId of ['b', 'a']) {
          for (const testId of ['t2', 't10', 't1']) {
            for (const repeat of [1, 0]) inputs.push(sampleResult({ modelId, testId, repeat }));
          }
        }
        await stores.runs.recordResults(inputs);
        const seen: string[] = [];
        for await (const row of stores.runs.iterateResults('run-1')) {
          expect(await stores.runs.assertionsForResult(row.id)).toHaveLength(2);
          seen.push(`${row.modelId}/${row.testId}/${row.repeat}`);
        }
        expect(seen).toEqual([
          'a/t1/0',
          'a/t1/1',
          'a/t10/0',
          'a/t10/1',
          'a/t2/0',
          'a/t2/1',
          'b/t1/0',
          'b/t1/1',
          'b/t10/0',
          'b/t10/1',
          'b/t2/0',
          'b/t2/1',
        ]);
      });

      it('streams a run’s assertions by result id then index, and no other run’s', async () => {
        await stores.runs.createRun(run({ id: 'run-2' }));
        await stores.runs.recordResults([
          sampleResult({ testId: 'b' }),
          sampleResult({ runId: 'run-2' }),
          sampleResult({ testId: 'a' }),
        ]);
        const rows = await collect(stores.runs.iterateAssertions('run-1'));
        expect(rows).toHaveLength(4);
        const order = rows.map((row) => [row.resultId, row.index]);
        expect(order).toEqual(
          [...order].sort((x, y) => (x[0] ?? 0) - (y[0] ?? 0) || (x[1] ?? 0) - (y[1] ?? 0)),
        );
        expect(rows[1]).toMatchObject({ type: 'llm-rubric', label: 'polite', score: 0.8, skipped: false });
      });

      it('finds flaky cases: some repeats passed, others failed or errored', async () => {
        await stores.runs.recordResults([
          sampleResult({ testId: 'steady', repeat: 0 }),
          sampleResult({ testId: 'steady', repeat: 1 }),
          sampleResult({ testId: 'flaky', repeat: 0 }),
          sampleResult({ testId: 'flaky', repeat: 1, pass: false }),
          sampleResult({ testId: 'flaky', repeat: 2, errorCode: 'E_TIMEOUT' }),
          sampleResult({ testId: 'once', repeat: 0, pass: false }),
        ]);
        expect(await stores.runs.flakyCases('run-1')).toEqual([
          { modelId: 'openai:gpt-4o-mini', promptId: 'p1', testId: 'flaky', passed: 1, repeats: 3 },
        ]);
      });

      it('groups the assertions that could not run by kind and reason, most first', async () => {
        const skipped = (reason: string): AssertionOutcome => ({
          type: 'llm-rubric',
          pass: false,
          score: 0,
          weight: 1,
          reason,
          skipped: true,
        });
        await stores.runs.recordResults([
          sampleResult({ testId: 'a', assertions: [skipped('judge down'), skipped('judge slow')] }),
          sampleResult({ testId: 'b', assertions: [skipped('judge down')] }),
          sampleResult({ testId: 'c' }),
        ]);
        expect(await stores.runs.skippedAssertions('run-1')).toEqual([
          { type: 'llm-rubric', reason: 'judge down', count: 2 },
          { type: 'llm-rubric', reason: 'judge slow', count: 1 },
        ]);
      });
    });

    describe('gateway keys', () => {
      it('keeps live key names unique, and frees a name when its key is revoked', async () => {
        const { gateway } = stores;
        expect(await gateway.insertKey(sampleKey())).toEqual({ inserted: true });
        const again = await gateway.insertKey(sampleKey({ id: 'k2' }));
        expect(again).toMatchObject({ inserted: false, sameName: { id: 'k1', name: 'team-a' } });
        expect(await gateway.getKey('k2')).toBeUndefined();
        expect(await gateway.getKey('k1')).toEqual(sampleKey());
        expect(await gateway.revokeKey('k1', '2026-11-02T00:00:00.000Z')).toBe(true);
        expect(await gateway.revokeKey('k1', '2026-11-03T00:00:00.000Z')).toBe(false);
        expect(await gateway.revokeKey('missing', '2026-11-03T00:00:00.000Z')).toBe(false);
        expect(
          await gateway.insertKey(sampleKey({ id: 'k2', createdAt: '2026-11-02T00:00:00.000Z' })),
        ).toEqual({
          inserted: true,
        });
        const keys = await gateway.listKeys();
        expect(keys.map((key) => [key.id, key.revokedAt])).toEqual([
          ['k1', '2026-11-02T00:00:00.000Z'],
          ['k2', null],
        ]);
      });

      it('changes keysVersion on every key insert and revoke', async () => {
        const { gateway } = stores;
        const versions = [await gateway.keysVersion()];
        await gateway.insertKey(sampleKey());
        versions.push(await gateway.keysVersion());
        await gateway.revokeKey('k1', '2026-11-02T00:00:00.000Z');
        versions.push(await gateway.keysVersion());
        await gateway.insertKey(sampleKey({ id: 'k2', name: 'team-b' }));
        versions.push(await gateway.keysVersion());
        expect(new Set(versions).size).toBe(4);
      });
    });

    describe('gateway traces', () => {
      it('skips a trace already stored and lists newest first by filter', async () => {
        const { gateway } = stores;
        await gateway.insertTraces([
          sampleTrace({ id: 'a', startedAt: '2026-11-01T10:00:00.000Z' }),
          sampleTrace({ id: 'b', startedAt: '2026-11-01T10:01:00.000Z', route: 'classify', status: 502 }),
          sampleTrace({ id: 'c', startedAt: '2026-11-01T10:02:00.000Z', keyName: 'team-b', keyId: 'k2' }),
        ]);
        // a replayed batch: the stored trace wins, the new one is added
        await gateway.insertTraces([
          sampleTrace({ id: 'a', status: 500 }),
          sampleTrace({ id: 'd', startedAt: '2026-11-01T10:03:00.000Z' }),
        ]);
        await gateway.insertTraces([]);
        expect(await gateway.countTraces()).toBe(4);
        const ids = async (filter: Parameters<typeof gateway.traces>[0]) =>
          (await collect(gateway.traces(filter))).map((trace) => trace.id);
        expect(await ids({})).toEqual(['d', 'c', 'b', 'a']);
        expect(await ids({ limit: 2 })).toEqual(['d', 'c']);
        expect(await ids({ since: '2026-11-01T10:01:00.000Z' })).toEqual(['d', 'c', 'b']);
        expect(await ids({ route: 'classify' })).toEqual(['b']);
        expect(await ids({ keyName: 'team-b' })).toEqual(['c']);
        expect(await ids({ errorsOnly: true })).toEqual(['b']);
        const [first] = await collect(gateway.traces({ route: 'classify' }));
        expect(first).toEqual(
          sampleTrace({ id: 'b', startedAt: '2026-11-01T10:01:00.000Z', route: 'classify', status: 502 }),
        );
      });

      it('sums a key’s spend since a time from its traces', async () => {
        await stores.gateway.insertTraces([
          sampleTrace({ id: 'a', startedAt: '2026-11-01T10:00:00.000Z', costUsd: 0.5 }),
          sampleTrace({ id: 'b', startedAt: '2026-11-02T10:00:00.000Z', costUsd: 0.25 }),
          sampleTrace({ id: 'c', startedAt: '2026-11-02T11:00:00.000Z', costUsd: null }),
          sampleTrace({ id: 'd', startedAt: '2026-11-02T12:00:00.000Z', costUsd: 1, keyId: 'k2' }),
        ]);
        expect(await stores.gateway.spendSince('k1', '2026-11-02T00:00:00.000Z')).toBe(0.25);
        expect(await stores.gateway.spendSince('k1', '2026-11-01T00:00:00.000Z')).toBe(0.75);
        expect(await stores.gateway.spendSince('nobody', '2026-11-01T00:00:00.000Z')).toBe(0);
      });
    });

    describe('monitor samples', () => {
      it('keeps one row per trace and counts per route and model in a window', async () => {
        const { monitor } = stores;
        await monitor.insertSamples([
          sampleMonitorSample(),
          sampleMonitorSample({
            traceId: 'tr-2',
            pass: false,
            score: 0,
            startedAt: '2026-11-01T10:01:00.000Z',
          }),
          sampleMonitorSample({
            traceId: 'tr-3',
            scored: false,
            pass: null,
            score: null,
            notScoredReason: 'judge down',
            judgeCostUsd: null,
            startedAt: '2026-11-01T10:02:00.000Z',
          }),
          sampleMonitorSample({
            traceId: 'tr-4',
            model: 'anthropic:claude',
            startedAt: '2026-11-01T10:03:00.000Z',
          }),
          sampleMonitorSample({ traceId: 'tr-5', route: 'chat', startedAt: '2026-11-01T10:04:00.000Z' }),
          sampleMonitorSample({ traceId: 'tr-6', startedAt: '2026-11-02T10:00:00.000Z' }),
        ]);
        await monitor.insertSamples([sampleMonitorSample({ pass: false })]);
        expect(await monitor.countSamples()).toBe(6);
        const window = { since: '2026-11-01T00:00:00.000Z', until: '2026-11-02T00:00:00.000Z' };
        expect(await monitor.countsIn(window)).toEqual([
          {
            route: 'chat',
            model: 'openai:gpt-4o-mini',
            samples: 1,
            passed: 1,
            notScored: 0,
            judgeCostUsd: 0.002,
          },
          {
            route: 'faq',
            model: 'anthropic:claude',
            samples: 1,
            passed: 1,
            notScored: 0,
            judgeCostUsd: 0.002,
          },
          {
            route: 'faq',
            model: 'openai:gpt-4o-mini',
            samples: 2,
            passed: 1,
            notScored: 1,
            judgeCostUsd: 0.004,
          },
        ]);
        expect(await monitor.countsIn({ ...window, route: 'chat' })).toHaveLength(1);
        expect(await monitor.sample('tr-1')).toEqual(sampleMonitorSample());
        expect(await monitor.sample('missing')).toBeUndefined();
        expect((await collect(monitor.iterateSamples())).map((sample) => sample.traceId)).toEqual([
          'tr-1',
          'tr-2',
          'tr-3',
          'tr-4',
          'tr-5',
          'tr-6',
        ]);
      });

      it('lists failed samples newest first, by route and since a time', async () => {
        const { monitor } = stores;
        await monitor.insertSamples([
          sampleMonitorSample({ traceId: 'f1', pass: false, startedAt: '2026-11-01T10:00:00.000Z' }),
          sampleMonitorSample({
            traceId: 'f2',
            pass: false,
            startedAt: '2026-11-01T11:00:00.000Z',
            route: 'chat',
          }),
          sampleMonitorSample({ traceId: 'f3', pass: false, startedAt: '2026-11-01T12:00:00.000Z' }),
          sampleMonitorSample({ traceId: 'ok', startedAt: '2026-11-01T13:00:00.000Z' }),
        ]);
        const ids = async (filter: { since?: string; route?: string; limit?: number }) =>
          (await monitor.failed(filter)).map((sample) => sample.traceId);
        expect(await ids({})).toEqual(['f3', 'f2', 'f1']);
        expect(await ids({ route: 'faq' })).toEqual(['f3', 'f1']);
        expect(await ids({ since: '2026-11-01T11:00:00.000Z' })).toEqual(['f3', 'f2']);
        expect(await ids({ limit: 1 })).toEqual(['f3']);
      });

      it('reads the pass rate the newest qualification of a route gave a target', async () => {
        await stores.qualifications.insert(sampleQualification('faq', 'a', '2026-11-28T00:00:00Z'));
        expect(await stores.monitor.qualificationPassRate('faq', 'a')).toBe(0.9);
        expect(await stores.monitor.qualificationPassRate('faq', 'b')).toBeUndefined();
        expect(await stores.monitor.qualificationPassRate('chat', 'a')).toBeUndefined();
      });
    });

    describe('qualification records', () => {
      it('keeps every record and reads back the newest of each route', async () => {
        const { qualifications } = stores;
        expect(await qualifications.newestId()).toBe(0);
        const first = await qualifications.insert(sampleQualification('faq', 'a', '2026-11-28T00:00:00Z'));
        await qualifications.insert(sampleQualification('chat', null, '2026-11-28T00:00:00Z'));
        const newest = await qualifications.insert(sampleQualification('faq', null, '2026-11-29T00:00:00Z'));
        expect(newest).toBeGreaterThan(first);
        expect(await qualifications.newestId()).toBe(newest);
        const latest = await qualifications.latest();
        expect(latest.map((row) => [row.route, row.chosen])).toEqual([
          ['chat', null],
          ['faq', null],
        ]);
        expect(latest[1]).toEqual({
          ...sampleQualification('faq', null, '2026-11-29T00:00:00Z'),
          id: newest,
        });
        expect((await collect(qualifications.iterateRecords())).map((row) => row.id)).toEqual([
          first,
          first + 1,
          newest,
        ]);
      });

      it('counts a route’s traced requests and its cascade escalations since a time', async () => {
        const trace = (id: string, startedAt: string, cascade: string[]) =>
          sampleTrace({
            id,
            startedAt,
            route: 'faq',
            attempts: cascade.map((outcome) => ({
              provider: 'openai',
              model: 'm',
              status: 200,
              latencyMs: 1,
              error: null,
              cascade: outcome as 'passed',
            })),
          });
        await stores.gateway.insertTraces([
          trace('1', '2026-11-20T00:00:00Z', ['escalated', 'passed']),
          trace('2', '2026-11-28T00:00:00Z', ['escalated', 'passed']),
          trace('3', '2026-11-28T00:00:01Z', ['passed']),
          trace('4', '2026-11-28T00:00:02Z', ['skipped-stream']),
          trace('5', '2026-11-28T00:00:03Z', []),
        ]);
        expect(await stores.qualifications.tracedRequests('faq', '2026-11-22T00:00:00Z')).toBe(4);
        expect(await stores.qualifications.cascadeCounts('faq', '2026-11-22T00:00:00Z')).toEqual({
          checked: 2,
          escalated: 1,
        });
        expect(await stores.qualifications.cascadeCounts('other', '2026-11-22T00:00:00Z')).toEqual({
          checked: 0,
          escalated: 0,
        });
      });
    });

    describe('run queries', () => {
      const addRun = async (
        id: string,
        suite: string,
        startedAt: string,
        models: string[],
      ): Promise<void> => {
        await stores.runs.createRun(run({ id, suiteName: suite, startedAt }));
        const inputs: ResultInput[] = [];
        for (const modelId of models) {
          for (let index = 0; index < 3; index += 1) {
            for (const repeat of [0, 1]) {
              inputs.push({
                runId: id,
                promptId: 'p',
                modelId,
                testId: `case-${index}`,
                repeat,
                // case-1 fails on its second repeat on every model; case-2 errors on model "b"
                pass: !(index === 1 && repeat === 1),
                ...(index === 2 && modelId === 'b'
                  ? { errorCode: 'E_HTTP_SERVER' as const, errorMessage: 'boom' }
                  : {}),
                output: `${modelId} ${index} ${repeat}`,
                cacheHit: false,
                assertions: [],
              });
            }
          }
        }
        await stores.runs.recordResults(inputs);
        await stores.runs.finishRun(id, 'completed', startedAt);
      };
      beforeEach(async () => {
        await stores.runs.finishRun('run-1', 'completed', '2025-10-15T10:00:00.000Z');
        await addRun('r1', 'faq', '2026-11-01T10:00:00.000Z', ['a']);
        await addRun('r2', 'faq', '2026-11-02T10:00:00.000Z', ['a', 'b']);
        // the same start time as r2: the id breaks the tie
        await addRun('r3', 'agent', '2026-11-02T10:00:00.000Z', ['b']);
        await addRun('r4', 'agent', '2026-11-03T10:00:00.000Z', ['a']);
      });
      const ids = async (filter: Partial<Parameters<Stores['runQueries']['runsPage']>[0]>) =>
        (await stores.runQueries.runsPage({ limit: 10, since: '2026-01-01T00:00:00.000Z', ...filter })).map(
          (row) => row.id,
        );

      it('lists runs newest first and pages from the cursor without gaps or repeats', async () => {
        expect(await ids({})).toEqual(['r4', 'r3', 'r2', 'r1']);
        expect(await ids({ limit: 2 })).toEqual(['r4', 'r3']);
        expect(await ids({ limit: 2, after: { startedAt: '2026-11-02T10:00:00.000Z', id: 'r3' } })).toEqual([
          'r2',
          'r1',
        ]);
      });

      it('filters runs by suite, model, status and date, and lists suite names', async () => {
        expect(await ids({ suite: 'faq' })).toEqual(['r2', 'r1']);
        expect(await ids({ model: 'b' })).toEqual(['r3', 'r2']);
        expect(await ids({ status: 'running' })).toEqual([]);
        expect(await ids({ since: '2026-11-02T00:00:00.000Z', until: '2026-11-03T00:00:00.000Z' })).toEqual([
          'r3',
          'r2',
        ]);
        expect(await stores.runQueries.suiteNames()).toEqual(['agent', 'faq']);
      });

      it('pages cases by id with one cell per model, and keeps only failing cases when asked', async () => {
        const queries = stores.runQueries;
        const first = await queries.casePage('r2', { limit: 2, failingOnly: false });
        expect(first.caseIds).toEqual(['case-0', 'case-1']);
        expect(first.cells.get('case-1')).toEqual(
          expect.arrayContaining([
            { modelId: 'a', promptId: 'p', passed: 1, runs: 2, errors: 0 },
            { modelId: 'b', promptId: 'p', passed: 1, runs: 2, errors: 0 },
          ]),
        );
        expect(
          (await queries.casePage('r2', { after: 'case-1', limit: 2, failingOnly: false })).caseIds,
        ).toEqual(['case-2']);
        const failing = await queries.casePage('r2', { limit: 10, failingOnly: true });
        expect(failing.caseIds).toEqual(['case-1', 'case-2']);
        expect(failing.cells.get('case-2')).toContainEqual({
          modelId: 'b',
          promptId: 'p',
          passed: 0,
          runs: 2,
          errors: 2,
        });
        expect(
          (await queries.casePage('r2', { after: 'case-2', limit: 2, failingOnly: false })).caseIds,
        ).toEqual([]);
      });

      it('returns every repeat of one cell in order', async () => {
        const results = await stores.runQueries.caseResults('r2', 'case-1', 'a', 'p');
        expect(results.map((result) => [result.repeat, result.pass, result.output])).toEqual([
          [0, true, 'a 1 0'],
          [1, false, 'a 1 1'],
        ]);
      });

      it('lists a run’s models and streams its summary rows in the scorecard’s order', async () => {
        expect(await stores.runQueries.modelsOf('r2')).toEqual([
          { model: 'a', prompt: 'p' },
          { model: 'b', prompt: 'p' },
        ]);
        const rows = await collect(stores.runQueries.summaryRows('r2'));
        expect(rows.map((row) => `${row.modelId}/${row.testId}/${row.repeat}`)).toEqual([
          'a/case-0/0',
          'a/case-0/1',
          'a/case-1/0',
          'a/case-1/1',
          'a/case-2/0',
          'a/case-2/1',
          'b/case-0/0',
          'b/case-0/1',
          'b/case-1/0',
          'b/case-1/1',
          'b/case-2/0',
          'b/case-2/1',
        ]);
        expect(rows[3]).toMatchObject({ pass: 0, errorCode: null, cacheHit: 0 });
        expect(rows[10]).toMatchObject({ pass: null, errorCode: 'E_HTTP_SERVER', errorMessage: 'boom' });
      });
    });

    describe('trace queries', () => {
      const routes = ['summarize', 'classify', null] as const;
      const keyNames = ['team-a', 'team-b', null] as const;
      const statuses = [200, 200, 429, 502] as const;
      // 60 traces, many sharing a start time, spread over every filter value
      const traces = Array.from({ length: 60 }, (_, index) =>
        sampleTrace({
          id: `t${String(index).padStart(3, '0')}`,
          startedAt: `2026-11-01T10:0${index % 6}:00.000Z`,
          route: routes[index % 3] ?? null,
          keyName: keyNames[Math.floor(index / 3) % 3] ?? null,
          provider: index % 5 === 0 ? 'anthropic' : 'openai',
          model: index % 5 === 0 ? 'claude-haiku' : 'gpt-4o-mini',
          status: statuses[index % 4] ?? 200,
        }),
      );
      const matches = (row: TraceInput, filter: Omit<TraceListFilter, 'limit'>): boolean => {
        if (filter.route !== undefined && row.route !== filter.route) return false;
        if (filter.keyName !== undefined && row.keyName !== filter.keyName) return false;
        if (
          filter.model !== undefined &&
          `${row.provider}:${row.model}` !== filter.model &&
          row.model !== filter.model
        )
          return false;
        if (filter.status === 'ok' && row.status >= 400) return false;
        if (filter.status === 'error' && row.status < 400) return false;
        if (typeof filter.status === 'number' && row.status !== filter.status) return false;
        if (filter.until !== undefined && row.startedAt >= filter.until) return false;
        return filter.since === undefined || row.startedAt >= filter.since;
      };
      const filters: Array<Omit<TraceListFilter, 'limit'>> = [
        {},
        { route: 'summarize' },
        { keyName: 'team-b' },
        { model: 'gpt-4o-mini' },
        { model: 'anthropic:claude-haiku' },
        { status: 'ok' },
        { status: 'error' },
        { status: 429 },
        { since: '2026-11-01T10:02:00.000Z', until: '2026-11-01T10:05:00.000Z' },
        { route: 'classify', keyName: 'team-a', status: 'ok' },
      ];

      it('walks every matching trace exactly once, newest first, page by page from the cursor', async () => {
        await stores.gateway.insertTraces(traces);
        for (const filter of filters) {
          const expected = traces
            .filter((row) => matches(row, filter))
            .sort((a, b) =>
              b.startedAt < a.startedAt ? -1 : b.startedAt > a.startedAt ? 1 : b.id < a.id ? -1 : 1,
            )
            .map((row) => row.id);
          for (const limit of [1, 4, 7, 100]) {
            const seen: string[] = [];
            let after: TraceListFilter['after'];
            for (let page = 0; page < 100; page += 1) {
              const rows = await stores.traceQueries.tracesPage({ ...filter, after, limit });
              seen.push(...rows.map((row) => row.id));
              const last = rows.at(-1);
              if (rows.length < limit || !last) break;
              after = { startedAt: last.startedAt, id: last.id };
            }
            expect({ filter, limit, seen }).toEqual({ filter, limit, seen: expected });
          }
        }
      });

      it('walks every matching trace exactly once for any traces and filters (fuzzed, many sharing a time)', async () => {
        const arbitraryTrace = fc.record({
          minute: fc.integer({ min: 0, max: 5 }),
          route: fc.constantFrom(...routes),
          keyName: fc.constantFrom(...keyNames),
          model: fc.constantFrom('gpt-4o-mini', 'claude-haiku'),
          status: fc.constantFrom(...statuses),
        });
        // `since` is a minute of the run's day; every run is bounded to its day (below)
        const arbitraryFilter = fc.record(
          {
            route: fc.constantFrom('summarize', 'classify'),
            keyName: fc.constantFrom('team-a', 'team-b'),
            model: fc.constantFrom('gpt-4o-mini', 'openai:gpt-4o-mini', 'anthropic:claude-haiku'),
            status: fc.constantFrom('ok' as const, 'error' as const, 429),
            sinceMinute: fc.integer({ min: 0, max: 5 }),
          },
          { requiredKeys: [] },
        );
        // each run writes its traces on a day of its own and reads only that day, so no run sees another's
        let run = 0;
        await fc.assert(
          fc.asyncProperty(
            fc.array(arbitraryTrace, { maxLength: 60 }),
            arbitraryFilter,
            fc.integer({ min: 1, max: 7 }),
            async (specs, { sinceMinute, ...filter }, limit) => {
              run += 1;
              const day = new Date(Date.UTC(2026, 0, run)).toISOString().slice(0, 10);
              const rows = specs.map((spec, index) =>
                sampleTrace({
                  id: `${day}-${String(index).padStart(3, '0')}`,
                  startedAt: `${day}T10:0${spec.minute}:00.000Z`,
                  route: spec.route,
                  keyName: spec.keyName,
                  provider: spec.model === 'claude-haiku' ? 'anthropic' : 'openai',
                  model: spec.model,
                  status: spec.status,
                }),
              );
              await stores.gateway.insertTraces(rows);
              const bounded: Omit<TraceListFilter, 'limit'> = {
                ...filter,
                since: `${day}T10:0${sinceMinute ?? 0}:00.000Z`,
                until: `${day}T23:59:59.999Z`,
              };
              const expected = rows
                .filter((row) => matches(row, bounded))
                .sort((a, b) =>
                  b.startedAt < a.startedAt ? -1 : b.startedAt > a.startedAt ? 1 : b.id < a.id ? -1 : 1,
                )
                .map((row) => row.id);
              const seen: string[] = [];
              let after: TraceListFilter['after'];
              for (let page = 0; page < 100; page += 1) {
                const rowsOfPage = await stores.traceQueries.tracesPage({ ...bounded, after, limit });
                seen.push(...rowsOfPage.map((row) => row.id));
                const last = rowsOfPage.at(-1);
                if (rowsOfPage.length < limit || !last) break;
                after = { startedAt: last.startedAt, id: last.id };
              }
              expect(seen).toEqual(expected);
            },
          ),
          { seed: fuzzSeed(20_261_129), numRuns: 150 },
        );
      });

      it('lists only the traces whose monitor sample failed, with `monitorFailed`', async () => {
        await stores.gateway.insertTraces(traces.slice(0, 6));
        await stores.monitor.insertSamples([
          sampleMonitorSample({ traceId: 't001', pass: false, score: 0 }),
          sampleMonitorSample({ traceId: 't002', pass: true, score: 1 }),
          sampleMonitorSample({ traceId: 't003', pass: false, score: 0 }),
        ]);
        const rows = await stores.traceQueries.tracesPage({ monitorFailed: true, limit: 10 });
        expect(rows.map((row) => row.id)).toEqual(['t003', 't001']);
        const routed = await stores.traceQueries.tracesPage({
          monitorFailed: true,
          route: 'summarize',
          limit: 10,
        });
        expect(routed.map((row) => row.id)).toEqual(['t003']);
      });

      it('returns one trace in full and the keys without their hash', async () => {
        await stores.gateway.insertTraces([
          sampleTrace({ id: 'full', requestJson: '{"messages":[]}', responseJson: '{"ok":true}' }),
        ]);
        await stores.gateway.insertKey(sampleKey());
        expect(await stores.traceQueries.trace('full')).toMatchObject({
          requestJson: '{"messages":[]}',
          attempts: [{ status: 200 }],
        });
        expect(await stores.traceQueries.trace('missing')).toBeUndefined();
        const [row] = await stores.traceQueries.tracesPage({ limit: 1 });
        expect(row).toMatchObject({
          id: 'full',
          attempts: 1,
          stream: false,
          cacheHit: false,
          keyName: 'team-a',
        });
        expect(await stores.traceQueries.keys()).toEqual([
          {
            id: 'k1',
            name: 'team-a',
            createdAt: '2026-11-01T00:00:00.000Z',
            expiresAt: null,
            revokedAt: null,
            budgetUsd: 5,
            budgetPeriod: 'day',
          },
        ]);
        expect(JSON.stringify(await stores.traceQueries.keys())).not.toContain('ffff');
      });

      it('sums spend per key and per route by hour and by day, counting unpriced requests apart', async () => {
        await stores.gateway.insertTraces([
          sampleTrace({ id: 'a', startedAt: '2026-11-01T10:05:00.000Z', costUsd: 0.5 }),
          sampleTrace({ id: 'b', startedAt: '2026-11-01T10:55:00.000Z', costUsd: 0.25 }),
          sampleTrace({ id: 'c', startedAt: '2026-11-01T11:00:00.000Z', costUsd: null, route: 'classify' }),
          sampleTrace({ id: 'd', startedAt: '2026-11-02T09:00:00.000Z', costUsd: 1, keyName: 'team-b' }),
          sampleTrace({
            id: 'e',
            startedAt: '2026-11-02T09:30:00.000Z',
            costUsd: 2,
            keyName: null,
            route: null,
          }),
        ]);
        const range = { since: '2026-11-01T00:00:00.000Z', until: '2026-11-03T00:00:00.000Z' };
        expect(await stores.traceQueries.spendBuckets({ by: 'key', bucket: 'hour', ...range })).toEqual([
          { group: null, bucket: '2026-11-02T09', costUsd: 2, requests: 1, unpriced: 0 },
          { group: 'team-a', bucket: '2026-11-01T10', costUsd: 0.75, requests: 2, unpriced: 0 },
          { group: 'team-a', bucket: '2026-11-01T11', costUsd: 0, requests: 1, unpriced: 1 },
          { group: 'team-b', bucket: '2026-11-02T09', costUsd: 1, requests: 1, unpriced: 0 },
        ]);
        expect(await stores.traceQueries.spendBuckets({ by: 'route', bucket: 'day', ...range })).toEqual([
          { group: null, bucket: '2026-11-02', costUsd: 2, requests: 1, unpriced: 0 },
          { group: 'classify', bucket: '2026-11-01', costUsd: 0, requests: 1, unpriced: 1 },
          { group: 'summarize', bucket: '2026-11-01', costUsd: 0.75, requests: 2, unpriced: 0 },
          { group: 'summarize', bucket: '2026-11-02', costUsd: 1, requests: 1, unpriced: 0 },
        ]);
        expect(await stores.traceQueries.spendSince('k1', '2026-11-02T00:00:00.000Z')).toBe(3);
      });
    });
  });
};
