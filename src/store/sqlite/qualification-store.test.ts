import { describe, expect, it } from 'vitest';
import type { NewQualification } from '../contract/qualification-store.js';
import { createGatewayStore } from './gateway-store.js';
import { openSqliteDatabase } from './open-sqlite.js';
import { createQualificationStore } from './qualification-store.js';

const record = (route: string, chosen: string | null, createdAt: string): NewQualification => ({
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

describe('the qualification store', () => {
  it('keeps every record and reads back the newest of each route', async () => {
    const store = createQualificationStore(openSqliteDatabase(':memory:'));
    expect(await store.newestId()).toBe(0);
    await store.insert(record('faq', 'a', '2026-11-28T00:00:00Z'));
    await store.insert(record('chat', null, '2026-11-28T00:00:00Z'));
    const newest = await store.insert(record('faq', null, '2026-11-29T00:00:00Z'));
    expect(await store.newestId()).toBe(newest);
    const latest = await store.latest();
    expect(latest.map((row) => [row.route, row.chosen])).toEqual([
      ['chat', null],
      ['faq', null],
    ]);
    expect(latest[1]).toEqual({ ...record('faq', null, '2026-11-29T00:00:00Z'), id: newest });
  });

  it('counts a route’s traced requests and its cascade escalations since a time', async () => {
    const db = openSqliteDatabase(':memory:');
    const traces = createGatewayStore(db);
    const store = createQualificationStore(db);
    const trace = (id: string, startedAt: string, cascade: string[]) => ({
      id,
      startedAt,
      keyId: null,
      keyName: null,
      route: 'faq',
      requestedModel: 'faq',
      endpoint: '/v1/chat/completions',
      stream: false,
      status: 200,
      provider: 'openai',
      model: 'm',
      errorCode: null,
      errorMessage: null,
      attempts: cascade.map((outcome) => ({
        provider: 'openai',
        model: 'm',
        status: 200,
        latencyMs: 1,
        error: null,
        cascade: outcome as 'passed',
      })),
      inputTokens: null,
      cachedInputTokens: null,
      outputTokens: null,
      reasoningTokens: null,
      costUsd: null,
      ttftMs: null,
      latencyMs: 1,
      cacheHit: false,
      requestJson: null,
      responseJson: null,
    });
    traces.insertTraces([
      trace('1', '2026-11-20T00:00:00Z', ['escalated', 'passed']),
      trace('2', '2026-11-28T00:00:00Z', ['escalated', 'passed']),
      trace('3', '2026-11-28T00:00:01Z', ['passed']),
      trace('4', '2026-11-28T00:00:02Z', ['skipped-stream']),
      trace('5', '2026-11-28T00:00:03Z', []),
    ]);
    expect(await store.tracedRequests('faq', '2026-11-22T00:00:00Z')).toBe(4);
    expect(await store.cascadeCounts('faq', '2026-11-22T00:00:00Z')).toEqual({ checked: 2, escalated: 1 });
  });
});
