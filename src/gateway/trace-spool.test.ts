import { appendFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TraceInput } from '../store/contract/gateway-store.js';
import { openTraceSpool } from './trace-spool.js';

const trace = (id: string): TraceInput => ({
  id,
  startedAt: '2026-11-29T10:00:00.000Z',
  keyId: 'k1',
  keyName: 'app',
  route: 'faq',
  requestedModel: 'faq',
  endpoint: '/v1/chat/completions',
  stream: false,
  status: 200,
  provider: 'openai',
  model: 'gpt-4o-mini',
  errorCode: null,
  errorMessage: null,
  attempts: [],
  inputTokens: 10,
  cachedInputTokens: null,
  outputTokens: 5,
  reasoningTokens: null,
  costUsd: 0.0001,
  ttftMs: null,
  latencyMs: 12,
  cacheHit: false,
  requestJson: null,
  responseJson: null,
});

const batch = (from: number, count: number): TraceInput[] =>
  Array.from({ length: count }, (_, index) => trace(`t${from + index}`));

const dirs: string[] = [];
const spoolDir = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ys-spool-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('trace spool', () => {
  it('keeps batches while the store is down and writes them in order when it is back', async () => {
    const spool = openTraceSpool(spoolDir());
    spool.append(batch(0, 3));
    spool.append(batch(3, 2));
    expect(spool.size().traces).toBe(5);
    expect(spool.size().bytes).toBeGreaterThan(0);

    const down = await spool.replay(async () => {
      throw new Error('connection refused');
    });
    expect(down.written).toBe(0);
    expect(String(down.error)).toContain('connection refused');
    expect(spool.size().traces).toBe(5);

    const stored: string[] = [];
    const up = await spool.replay(async (traces) => {
      stored.push(...traces.map((item) => item.id));
    });
    expect(up).toEqual({ written: 5 });
    expect(stored).toEqual(['t0', 't1', 't2', 't3', 't4']);
    expect(spool.isEmpty()).toBe(true);
    expect(spool.size()).toEqual({ traces: 0, bytes: 0 });
    spool.close();
  });

  it('stops at the batch that fails and resumes from it, without losing or repeating a batch', async () => {
    const spool = openTraceSpool(spoolDir());
    for (let index = 0; index < 10; index += 1) spool.append(batch(index * 10, 10));
    const stored: string[] = [];
    let calls = 0;
    const flaky = async (traces: TraceInput[]): Promise<void> => {
      calls += 1;
      if (calls === 4) throw new Error('the database went away');
      stored.push(...traces.map((item) => item.id));
    };
    const first = await spool.replay(flaky);
    expect(first.written).toBe(30);
    expect(spool.size().traces).toBe(70);
    // more traces arrive while the spool is not empty: they queue behind the rest
    spool.append(batch(100, 5));
    const second = await spool.replay(flaky);
    expect(second).toEqual({ written: 75 });
    expect(stored).toEqual(Array.from({ length: 105 }, (_, index) => `t${index}`));
    spool.close();
  });

  it("adopts the spool of a gateway that stopped, oldest first, and leaves a live gateway's alone", async () => {
    const dir = spoolDir();
    // a gateway (pid 999999 is not running) that crashed mid-outage, with a batch torn at the end
    const dead = path.join(dir, 'traces-999999-1000.jsonl');
    writeFileSync(dead, `${JSON.stringify(batch(0, 2))}\n`);
    appendFileSync(dead, JSON.stringify(batch(2, 2)).slice(0, 40));
    // a running gateway's file: this test's parent process is alive
    const live = path.join(dir, `traces-${process.ppid}-500.jsonl`);
    writeFileSync(live, `${JSON.stringify(batch(50, 1))}\n`);

    const lines: string[] = [];
    const spool = openTraceSpool(dir, (line) => lines.push(line));
    expect(lines.join('\n')).toContain('2 trace(s) left by a gateway that stopped');
    spool.append(batch(10, 1));
    const stored: string[] = [];
    const done = await spool.replay(async (traces) => {
      stored.push(...traces.map((item) => item.id));
    });
    expect(done.written).toBe(3);
    expect(stored).toEqual(['t0', 't1', 't10']);
    expect(lines.join('\n')).toContain('torn by a crash');
    spool.close();
    expect(readdirSync(dir)).toEqual([path.basename(live)]);
  });

  it('leaves a non-empty spool on disk at close for the next gateway', async () => {
    const dir = spoolDir();
    const first = openTraceSpool(dir);
    first.append(batch(0, 4));
    first.close();
    expect(readdirSync(dir)).toHaveLength(1);
    // the same pid again, as a restarted container's gateway would be
    const next = openTraceSpool(dir);
    expect(next.size().traces).toBe(4);
    const stored: string[] = [];
    await next.replay(async (traces) => {
      stored.push(...traces.map((item) => item.id));
    });
    expect(stored).toEqual(['t0', 't1', 't2', 't3']);
    next.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('replays a large spool in order with flat reads (1 MB chunks across line boundaries)', async () => {
    const spool = openTraceSpool(spoolDir());
    const big = (from: number): TraceInput[] =>
      batch(from, 500).map((item) => ({ ...item, responseJson: 'x'.repeat(1_000) }));
    for (let index = 0; index < 10; index += 1) spool.append(big(index * 500));
    expect(spool.size().bytes).toBeGreaterThan(5_000_000);
    let next = 0;
    let ordered = true;
    await spool.replay(async (traces) => {
      for (const item of traces) {
        if (item.id !== `t${next}`) ordered = false;
        next += 1;
      }
    });
    expect(ordered).toBe(true);
    expect(next).toBe(5_000);
    spool.close();
  });
});

describe('two spools in one process', () => {
  it('never adopt each other', async () => {
    const dir = spoolDir();
    const a = openTraceSpool(dir);
    a.append(batch(0, 1));
    const b = openTraceSpool(dir);
    expect(b.size().traces).toBe(0);
    expect(a.size().traces).toBe(1);
    a.close();
    b.close();
  });
});
