import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { UserCodePool } from './user-code-pool.js';
import { defineUserCode, type UserCode } from './user-code-protocol.js';

const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-user-code-'));
const moduleCode = (name: string, text: string): UserCode => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return defineUserCode({ kind: 'module', url: pathToFileURL(file).href, exports: ['default', 'call'] });
};
const inline = (body: string): UserCode =>
  defineUserCode({ kind: 'inline', parameters: ['output', 'context'], body });

const pools: UserCodePool[] = [];
const newPool = (maxThreads = 2): UserCodePool => {
  const pool = new UserCodePool({ maxThreads });
  pools.push(pool);
  return pool;
};
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
});

describe('UserCodePool', () => {
  it('calls a module export with structured-cloned arguments and imports it once per thread', async () => {
    const code = moduleCode(
      'counts.mjs',
      'let loads = 0; loads++;\nexport default async ({ n }) => ({ n: n * 2, loads });\n',
    );
    const pool = newPool(1);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, n) => pool.run(code, [{ n }], { timeoutMs: 5000 })),
    );
    expect(results).toEqual(Array.from({ length: 50 }, (_, n) => ({ n: n * 2, loads: 1 })));
  });

  it('gives up a promise that never settles at its timeout, and the next call still answers', async () => {
    const code = moduleCode('hangs.mjs', 'export default (x) => x === "hang" ? new Promise(() => {}) : x;\n');
    const pool = newPool(1);
    await expect(pool.run(code, ['hang'], { timeoutMs: 200 })).rejects.toMatchObject({ kind: 'timeout' });
    await expect(pool.run(code, ['fine'], { timeoutMs: 2000 })).resolves.toBe('fine');
  });

  it('terminates a thread blocked by a synchronous loop, and retries its innocent neighbour elsewhere', async () => {
    const code = inline(
      'if (output === "spin") { for (;;) {} } await new Promise((r) => setTimeout(r, 100)); return output;',
    );
    const pool = newPool(1);
    const started = performance.now();
    const [spin, neighbour] = await Promise.allSettled([
      pool.run(code, ['spin', {}], { timeoutMs: 300 }),
      pool.run(code, ['ok', {}], { timeoutMs: 5000 }),
    ]);
    expect(spin).toMatchObject({ status: 'rejected', reason: { kind: 'timeout' } });
    expect(neighbour).toEqual({ status: 'fulfilled', value: 'ok' });
    expect(performance.now() - started).toBeLessThan(4000);
  });

  it('gives up a call when its signal aborts', async () => {
    const code = moduleCode('slow.mjs', 'export default () => new Promise((r) => setTimeout(r, 10000));\n');
    const pool = newPool();
    const controller = new AbortController();
    const call = pool.run(code, [], { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('reports a throw, a bad import, a missing export and an unclonable result by kind', async () => {
    const pool = newPool();
    const throws = moduleCode(
      'throws.mjs',
      'export default () => { throw new Error("database is down"); };\n',
    );
    await expect(pool.run(throws, [])).rejects.toMatchObject({ kind: 'threw', message: 'database is down' });
    const broken = moduleCode('broken.mjs', 'export default (;\n');
    await expect(pool.prepare(broken)).rejects.toMatchObject({ kind: 'load' });
    const none = moduleCode('none.mjs', 'export const answer = 42;\n');
    await expect(pool.prepare(none)).rejects.toMatchObject({
      kind: 'no-export',
      message: 'it exports answer',
    });
    const fn = moduleCode('fn.mjs', 'export default () => ({ output: "x", later: () => 1 });\n');
    await expect(pool.run(fn, [])).rejects.toMatchObject({ kind: 'unclonable' });
  });

  it('fails a result over the size limit before it crosses threads', async () => {
    const code = moduleCode('big.mjs', 'export default (n) => ({ output: "x".repeat(n) });\n');
    const pool = newPool();
    await expect(pool.run(code, [1000], { maxResultChars: 1000 })).resolves.toEqual({
      output: 'x'.repeat(1000),
    });
    await expect(pool.run(code, [1001], { maxResultChars: 1000 })).rejects.toMatchObject({
      kind: 'too-large',
    });
  });

  it('survives code that calls process.exit() or throws from a timer: the call fails, the pool goes on', async () => {
    const pool = newPool(1);
    const exits = inline('process.exit(0)');
    await expect(pool.run(exits, ['', {}], { timeoutMs: 5000 })).rejects.toMatchObject({
      kind: 'crashed',
      message: expect.stringContaining('called process.exit(0)'),
    });
    const timerThrow = inline(
      'setTimeout(() => { throw new Error("late boom"); }, 0); return new Promise(() => {});',
    );
    await expect(pool.run(timerThrow, ['', {}], { timeoutMs: 5000 })).rejects.toMatchObject({
      kind: 'crashed',
      message: expect.stringContaining('late boom'),
    });
    await expect(pool.run(inline('return output + "!"'), ['still here', {}])).resolves.toBe('still here!');
  });

  it('stops a catastrophic regex at its budget without blocking this thread', async () => {
    const pool = newPool(1);
    const code = defineUserCode({ kind: 'regex', pattern: '^(a+)+$', flags: '' });
    let ticks = 0;
    const ticker = setInterval(() => {
      ticks += 1;
    }, 10);
    const started = performance.now();
    await expect(pool.run(code, [`${'a'.repeat(38)}!`], { timeoutMs: 500 })).rejects.toMatchObject({
      kind: 'timeout',
    });
    clearInterval(ticker);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(ticks).toBeGreaterThan(10);
    await expect(pool.run(code, ['aaaa'], { timeoutMs: 2000 })).resolves.toBe(true);
  });

  it('under load, answers every call by its own kind: 600 calls mixing answers, throws, hangs and exits', async () => {
    const code = inline(`
      switch (output) {
        case 'throw': throw new Error('boom');
        case 'hang': return new Promise(() => {});
        case 'exit': process.exit(3);
        default: await new Promise((r) => setTimeout(r, Math.random() * 5)); return output;
      }`);
    const pool = newPool(4);
    const kinds = ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'throw', 'hang', 'exit'];
    const calls = Array.from({ length: 600 }, (_, index) => kinds[index % kinds.length] ?? 'ok');
    const settled = await Promise.allSettled(
      calls.map((kind) => pool.run(code, [kind, {}], { timeoutMs: 1500 })),
    );
    const outcome = (result: PromiseSettledResult<unknown>): string =>
      result.status === 'fulfilled' ? String(result.value) : (result.reason as { kind: string }).kind;
    const byKind = new Map<string, Set<string>>();
    for (const [index, result] of settled.entries()) {
      const kind = calls[index] ?? '';
      byKind.set(kind, (byKind.get(kind) ?? new Set()).add(outcome(result)));
    }
    expect(byKind.get('ok')).toEqual(new Set(['ok']));
    expect(byKind.get('throw')).toEqual(new Set(['threw']));
    expect(byKind.get('hang')).toEqual(new Set(['timeout']));
    expect(byKind.get('exit')).toEqual(new Set(['crashed']));
  }, 60_000);
});
