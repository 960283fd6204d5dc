// Monitor samples and qualification records in the store contract.
// Registered by describeStoreContract (stores.contract.ts) for each engine, on fresh stores per case.
import { beforeEach, describe, expect, it } from 'vitest';
import { collect, sampleMonitorSample, sampleQualification, sampleTrace } from './samples.contract.js';
import type { Stores } from './stores.js';

export const monitorStoreCases = (current: () => Stores): void => {
  let stores: Stores;
  beforeEach(() => {
    stores = current();
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
};
