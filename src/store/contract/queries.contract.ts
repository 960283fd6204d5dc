// The UI's paged queries in the store contract: runs, cases, traces, spend and keys, by cursor and filter.
// Registered by describeStoreContract (stores.contract.ts) for each engine, on fresh stores per case.
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { fuzzSeed } from '../../testing/fuzz-seed.js';
import type { TraceInput } from './gateway-store.js';
import { collect, run, sampleKey, sampleMonitorSample, sampleTrace } from './samples.contract.js';
import type { ResultInput } from './store-types.js';
import type { Stores } from './stores.js';
import type { TraceListFilter } from './trace-queries.js';

export const queryCases = (current: () => Stores): void => {
  let stores: Stores;
  beforeEach(() => {
    stores = current();
  });

  describe('run queries', () => {
    const addRun = async (id: string, suite: string, startedAt: string, models: string[]): Promise<void> => {
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
};
