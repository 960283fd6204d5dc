import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { collectParts } from '../../testing/collect-parts.js';
import { FunctionChatModel } from './function-chat-model.js';

const baseDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__');
const made: FunctionChatModel[] = [];
const model = (file: string, timeoutMs?: number) => {
  const created = new FunctionChatModel({ modelName: file, baseDir, ...(timeoutMs ? { timeoutMs } : {}) });
  made.push(created);
  return created;
};
afterEach(async () => {
  for (const created of made.splice(0)) await created.close();
});
const messages = [
  { role: 'system' as const, content: 'Be nice.' },
  { role: 'user' as const, content: 'Where is Paris?' },
];

describe('FunctionChatModel', () => {
  it('passes the last user message and vars, and returns a string answer', async () => {
    const result = await model('./returns-string.mjs').generate({ messages, vars: { city: 'Paris' } });
    expect(result.text).toBe('You asked: Where is Paris? (city=Paris)');
    expect(result.finishReason).toEqual({ unified: 'stop', raw: undefined });
    expect(result.usage).toEqual({ inputTokens: undefined, outputTokens: undefined });
    expect(result.reportedCostUsd).toBeUndefined();
  });

  it('reads an object answer with tool calls, usage and cost from a named `call` export', async () => {
    const result = await model('returns-object.mjs').generate({ messages, maxTokens: 64 });
    expect(result).toMatchObject({
      text: '2 messages, maxTokens=64',
      toolCalls: [{ id: 'call_0', name: 'lookup', arguments: '{"id":7}' }],
      finishReason: { unified: 'tool-calls' },
      usage: { inputTokens: 11, outputTokens: 3 },
      reportedCostUsd: 0.0042,
    });
  });

  it('imports the module once per worker thread, not once per call', async () => {
    const instance = model('counts-loads.mjs');
    await instance.prepare();
    for (let call = 0; call < 5; call += 1) {
      expect((await instance.generate({ messages })).text).toBe('loaded 1 time(s)');
    }
  });

  it('gives up a call that never settles when its signal aborts, and keeps answering others', async () => {
    const instance = model('never-settles.mjs');
    const started = performance.now();
    await expect(
      instance.generate({ messages, abortSignal: AbortSignal.timeout(300) }),
    ).rejects.toMatchObject({ code: 'E_ABORTED' });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('turns process.exit() in the user code into E_USER_CODE for that call, not the end of the process', async () => {
    await expect(model('exits.mjs').generate({ messages })).rejects.toMatchObject({
      code: 'E_USER_CODE',
      message: expect.stringContaining('called process.exit(0)'),
    });
  });

  it('bounds an import whose top-level await never settles by the model timeout', async () => {
    await expect(model('hangs-on-import.mjs', 300).prepare()).rejects.toMatchObject({
      code: 'E_USER_CODE',
      message: expect.stringContaining('did not finish'),
    });
  });

  it('refuses a module over 64 MiB before reading it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-function-'));
    const file = path.join(dir, 'huge.mjs');
    writeFileSync(file, '');
    truncateSync(file, 64 * 1024 * 1024 + 1);
    expect(() => new FunctionChatModel({ modelName: './huge.mjs', baseDir: dir })).toThrow(
      expect.objectContaining({
        code: 'E_CONFIG',
        message: expect.stringContaining('over the 64 MiB limit'),
      }),
    );
  });

  it('refuses a device or a directory as the module before reading it', () => {
    expect(() => model('/dev/zero')).toThrow(
      expect.objectContaining({ code: 'E_CONFIG', message: expect.stringContaining('not a regular file') }),
    );
    expect(() => model('.')).toThrow(expect.objectContaining({ code: 'E_CONFIG' }));
  });

  it('wraps what the user code throws into E_USER_CODE with the message only', async () => {
    await expect(model('throws.mjs').generate({ messages })).rejects.toMatchObject({
      code: 'E_USER_CODE',
      message: 'function:throws.mjs threw: database is down',
    });
  });

  it('rejects an answer of the wrong shape with E_USER_CODE', async () => {
    await expect(model('wrong-shape.mjs').generate({ messages })).rejects.toMatchObject({
      code: 'E_USER_CODE',
    });
  });

  it('rejects a module without a default or `call` export with E_CONFIG', async () => {
    await expect(model('no-export.mjs').prepare()).rejects.toMatchObject({ code: 'E_CONFIG' });
    await expect(model('no-export.mjs').generate({ messages })).rejects.toMatchObject({ code: 'E_CONFIG' });
  });

  it('reports a missing file as E_CONFIG naming the resolved path', () => {
    expect(() => model('./nope/missing.js')).toThrow(
      expect.objectContaining({
        code: 'E_CONFIG',
        message: expect.stringContaining(path.join(baseDir, 'nope/missing.js')),
      }),
    );
  });

  it('streams the whole output as one text delta', async () => {
    const collected = await collectParts(model('returns-string.mjs').stream({ messages }));
    expect(collected.parts.filter((part) => part.type === 'text-delta')).toEqual([
      { type: 'text-delta', delta: 'You asked: Where is Paris? (city=none)' },
    ]);
    expect(collected.finish?.finishReason.unified).toBe('stop');
  });
});
