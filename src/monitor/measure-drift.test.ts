// Drift per route and model against the window before, or against the route's qualification record when the
// store has one (routing's `qualifications` table), with the minimum sample count that keeps the test honest.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MonitorSampleInput, MonitorStore } from '../store/contract/monitor-store.js';
import { migrate } from '../store/sqlite/migrate-sqlite.js';
import { createMonitorStore } from '../store/sqlite/monitor-store.js';
import { createQualificationStore } from '../store/sqlite/qualification-store.js';
import { measureDrift, measureRoutes, minSamplesForDrift } from './measure-drift.js';

let db: Database.Database;
let store: MonitorStore;
beforeEach(async () => {
  db = new Database(':memory:');
  migrate(db);
  store = createMonitorStore(db);
});
afterEach(async () => await store.close());

const sample = (index: number, at: string, pass: boolean | null, model = 'up:mini'): MonitorSampleInput => ({
  traceId: `t-${at}-${index}-${model}`,
  startedAt: at,
  route: 'faq',
  model,
  scored: pass !== null,
  pass,
  score: pass === null ? null : Number(pass),
  notScoredReason: pass === null ? 'judge failed: 500' : null,
  checks: [],
  judgeCostUsd: 0.001,
  messages: [{ role: 'user', content: 'q' }],
  output: 'a',
  toolCalls: [],
  scoredAt: at,
});

const many = (count: number, at: string, pass: boolean | null, model?: string) =>
  Array.from({ length: count }, (_, index) => sample(index, at, pass, model));

const window = { since: '2026-11-29T10:00:00.000Z', until: '2026-11-29T11:00:00.000Z', maxDrop: () => 0.05 };

describe('measureRoutes', () => {
  it('compares the window with the one before it, per model, and leaves unscored samples out of both counts', async () => {
    await store.insertSamples([
      ...many(40, '2026-11-29T09:30:00.000Z', true),
      ...many(30, '2026-11-29T10:30:00.000Z', false),
      ...many(5, '2026-11-29T10:31:00.000Z', null),
      ...many(20, '2026-11-29T10:32:00.000Z', true, 'up:big'),
    ]);
    const [big, mini] = await measureRoutes(store, window);
    expect(mini).toMatchObject({ model: 'up:mini', samples: 30, passed: 0, notScored: 5, drift: true });
    expect(mini?.reference).toMatchObject({
      source: 'previous-window',
      samples: 40,
      passed: 40,
      passRate: 1,
    });
    expect(mini?.judgeCostUsd).toBeCloseTo(0.035, 10);
    // a model new in this window has nothing to be compared with
    expect(big).toMatchObject({ model: 'up:big', samples: 20, passed: 20, drift: false });
    expect(big?.reference).toMatchObject({ samples: 0, passRate: null });
    expect(big?.pDrift).toBeNull();
  });

  it('takes the qualification pass rate as the reference when the route has a record', async () => {
    const records = createQualificationStore(db);
    const record = (passRate: number, createdAt: string) => ({
      route: 'faq',
      createdAt,
      runId: 'run-1',
      suitePath: 'faq.yaml',
      suiteHash: 'h',
      rule: { minPassRate: 0.9, repeat: 1 as const },
      priceTableVersion: '2026-11-01',
      targets: [{ model: 'up:mini', price: null }],
      candidates: [
        {
          model: 'up:mini',
          passRate,
          passRateCi95: null,
          costPer1kCallsUsd: null,
          latencyMs: { p95: null },
          qualified: true,
        },
      ],
      chosen: 'up:mini',
      order: ['up:mini'],
      reason: 'cheapest passing',
    });
    await records.insert(record(0.5, '2026-11-28T00:00:00.000Z'));
    await records.insert(record(0.95, '2026-11-29T00:00:00.000Z'));
    await store.insertSamples([
      ...many(15, '2026-11-29T10:30:00.000Z', true),
      ...many(15, '2026-11-29T10:40:00.000Z', false),
    ]);
    const [row] = await measureRoutes(store, window);
    // the newest record: 95%, against 50% in production
    expect(row?.reference).toEqual({ source: 'qualification', passRate: 0.95 });
    expect(row).toMatchObject({ samples: 30, passed: 15, drift: true });
  });
});

describe('measureDrift', () => {
  const counts = (samples: number, passed: number) => ({
    route: 'faq',
    model: 'm',
    samples,
    passed,
    notScored: 0,
    judgeCostUsd: 0,
  });
  const windowBefore = (samples: number, passed: number) => ({
    source: 'previous-window' as const,
    since: '',
    until: '',
    samples,
    passed,
    passRate: passed / samples,
  });

  it(`claims no drift below ${minSamplesForDrift} samples, however bad they are`, async () => {
    const row = measureDrift(counts(minSamplesForDrift - 1, 0), windowBefore(100, 100), 0.05);
    expect(row.pDrift).toBeLessThan(0.001);
    expect(row.drift).toBe(false);
    expect(measureDrift(counts(minSamplesForDrift, 0), windowBefore(100, 100), 0.05).drift).toBe(true);
  });

  it('does not call a drop within the margin drift', async () => {
    expect(measureDrift(counts(400, 372), windowBefore(400, 380), 0.05).drift).toBe(false);
    expect(measureDrift(counts(400, 320), windowBefore(400, 380), 0.05).drift).toBe(true);
  });

  it('gives the Wilson interval of the production rate', async () => {
    const row = measureDrift(counts(263, 81), null, 0.05);
    expect(row.passRateCi95?.[0]).toBeCloseTo(0.2553, 4);
    expect(row.passRateCi95?.[1]).toBeCloseTo(0.3662, 4);
    expect(row).toMatchObject({ drift: false, pDrift: null, reference: null });
  });
});
