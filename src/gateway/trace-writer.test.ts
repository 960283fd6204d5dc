import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceInput } from '../store/contract/gateway-store.js';
import { openSqliteStores } from '../store/sqlite/open-sqlite.js';
import { collect } from '../testing/collect.js';
import { newTrace } from './steps/trace.js';
import { createTraceWriter } from './trace-writer.js';

const trace = (id: string): TraceInput => ({
  ...newTrace('/v1/chat/completions', Date.now()),
  id,
  keyId: 'k',
  keyName: 'team-a',
  status: 200,
  costUsd: 0.001,
});

describe('the trace writer', () => {
  it('writes in batches after the current turn, and drops with a metric and a log line when full', async () => {
    const store = openSqliteStores(
      path.join(mkdtempSync(path.join(tmpdir(), 'yardstick-traces-')), 'db.sqlite'),
    ).gateway;
    const logs: string[] = [];
    const writer = createTraceWriter({ store, queueSize: 3, log: (line) => logs.push(line) });
    for (let index = 0; index < 5; index += 1) writer.enqueue(trace(`t${index}`));
    // nothing written yet: the request that enqueued is still running
    expect(await collect(store.traces({}))).toHaveLength(0);
    expect(writer.metrics()).toEqual({ queued: 3, written: 0, dropped: 2 });
    expect(logs).toEqual(['trace queue full (3); dropping traces (1 dropped so far); see /metrics']);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await collect(store.traces({}))).map((row) => row.id).sort()).toEqual(['t0', 't1', 't2']);
    expect(await store.spendSince('k', '2000-01-01')).toBeCloseTo(0.003, 10);
    writer.enqueue(trace('t5'));
    await writer.drain();
    expect(writer.metrics()).toEqual({ queued: 0, written: 4, dropped: 2 });
    await store.close();
  });
});
