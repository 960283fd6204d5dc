// Runs and results in the store contract: creating and resuming runs, recording results once, reading them back in order.
// Registered by describeStoreContract (stores.contract.ts) for each engine, on fresh stores per case.
import { beforeEach, describe, expect, it } from 'vitest';
import type { AssertionOutcome } from '../../spec/assertion.js';
import { collect, nanAssertion, run, sampleResult } from './samples.contract.js';
import { type ResultInput, resultKey } from './store-types.js';
import type { Stores } from './stores.js';

export const runStoreCases = (current: () => Stores): void => {
  let stores: Stores;
  beforeEach(() => {
    stores = current();
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
      await expect(stores.runs.recordResults([sampleResult({ testId: 't8' }), broken])).rejects.toMatchObject(
        {
          code: 'E_STORE',
          message: expect.stringContaining('2 results'),
        },
      );
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
};
