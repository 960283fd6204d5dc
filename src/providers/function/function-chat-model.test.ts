import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectParts } from '../../testing/collect-parts.js';
import { FunctionChatModel } from './function-chat-model.js';

const baseDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__');
const model = (file: string) => new FunctionChatModel({ modelName: file, baseDir });
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

  it('imports the module once per model', async () => {
    const instance = model('returns-object.mjs');
    await instance.generate({ messages });
    await instance.generate({ messages });
    const fixtureUrl = pathToFileURL(path.join(baseDir, 'returns-object.mjs')).href;
    const loaded = (await import(fixtureUrl)) as { loadCount: () => number };
    expect(loaded.loadCount()).toBe(1);
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
