import { describe, expect, it } from 'vitest';
import type { QualificationRecord } from '../store/contract/qualification-store.js';
import type { LoadedGatewayConfig } from './load-gateway-config.js';
import { createRouteQualifications } from './route-qualifications.js';
import { testQualification, testRoute, testTarget } from './test-gateway.js';

const faq = testRoute({
  name: 'faq',
  policy: 'cheapest-passing',
  targets: [testTarget('a'), testTarget('b')].map((target) => ({ ...target, name: target.name.slice(3) })),
});
const loaded = { routes: new Map([['faq', faq]]) } as LoadedGatewayConfig;

const board = async (records: QualificationRecord[], logs: string[] = []) => {
  const qualifications = createRouteQualifications({
    loaded,
    reader: { newestId: async () => records.at(-1)?.id ?? 0, latest: async () => records.slice(-1) },
    log: (line) => logs.push(line),
    pollMs: 0,
  });
  await qualifications.ready();
  return qualifications;
};

describe('route qualifications', () => {
  it('says at start that a route without a record is unqualified, in the log, /metrics and /readyz', async () => {
    const logs: string[] = [];
    const qualifications = await board([], logs);
    expect(logs).toEqual([
      'route faq: unqualified (no qualification record; run `yardstick qualify`); serving its targets in the listed order',
    ]);
    expect(qualifications.metricsText()).toBe('yardstick_route_qualified{route="faq"} 0\n');
    expect(qualifications.summary()).toEqual({
      faq: { qualified: false, chosen: null, reason: 'no qualification record; run `yardstick qualify`' },
    });
  });

  it('takes a new record on the next poll, and logs the change once', async () => {
    const logs: string[] = [];
    const records: QualificationRecord[] = [];
    const qualifications = await board(records, logs);
    records.push(testQualification('faq', ['b', 'a']));
    await qualifications.refresh();
    await qualifications.refresh();
    expect(qualifications.of('faq')).toMatchObject({ qualified: true, chosen: 'b', order: ['b', 'a'] });
    expect(qualifications.metricsText()).toBe('yardstick_route_qualified{route="faq"} 1\n');
    expect(logs.at(-1)).toMatch(/^route faq: qualified, serving b → a \(record 1 of /);
    expect(logs).toHaveLength(2);
  });

  it('does not serve a record of another target list, nor one where no target passed', async () => {
    expect((await board([testQualification('faq', ['b', 'c'])])).of('faq')).toMatchObject({
      qualified: false,
      why: expect.stringMatching(/^its targets changed since the record/),
    });
    expect((await board([testQualification('faq', ['b', 'a'], null)])).of('faq')).toMatchObject({
      qualified: false,
      why: expect.stringMatching(/^no target passed its suite/),
    });
  });

  it('keeps the last records when the store cannot be read, and says so once', async () => {
    const logs: string[] = [];
    let broken = false;
    const qualifications = createRouteQualifications({
      loaded,
      reader: {
        newestId: async () => {
          if (broken) throw new Error('database is locked');
          return 1;
        },
        latest: async () => [testQualification('faq', ['b', 'a'])],
      },
      log: (line) => logs.push(line),
      pollMs: 0,
    });
    await qualifications.ready();
    broken = true;
    await qualifications.refresh();
    await qualifications.refresh();
    expect(qualifications.of('faq')?.qualified).toBe(true);
    expect(logs.filter((line) => line.includes('database is locked'))).toHaveLength(1);
  });
});
