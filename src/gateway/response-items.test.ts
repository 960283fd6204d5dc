import { describe, expect, it } from 'vitest';
import { GatewayError } from './gateway-errors.js';
import { createResponseItems } from './response-items.js';
import type { ChatRequest } from './wire/wire-protocol.js';

const referring = (
  id: string,
): ChatRequest & { itemReferences: NonNullable<ChatRequest['itemReferences']> } => {
  const message = { role: 'assistant' as const, content: '' };
  return {
    operation: 'chat',
    model: 'chat',
    stream: false,
    includeUsage: true,
    callOptions: { messages: [{ role: 'user', content: 'hi' }, message] },
    itemReferences: [{ id, param: 'input.1', message }],
    body: {},
  };
};

describe('the answered items a Responses client may refer back to', () => {
  it('fills a reference with the text this key was answered with', async () => {
    const items = createResponseItems();
    items.remember('key-a', 'msg_1', 'Paris');
    const request = referring('msg_1');
    items.resolve('key-a', request);
    expect(request.callOptions.messages[1]).toEqual({ role: 'assistant', content: 'Paris' });
  });

  it('refuses another key’s item, or one it never had, with a 400 naming the input item', async () => {
    const items = createResponseItems();
    items.remember('key-a', 'msg_1', 'secret answer');
    for (const [key, id] of [
      ['key-b', 'msg_1'],
      ['key-a', 'msg_404'],
    ] as const) {
      const error = (() => {
        try {
          items.resolve(key, referring(id));
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(GatewayError);
      expect(error).toMatchObject({ status: 400, param: 'input.1', code: 'invalid_request' });
      expect((error as GatewayError).message).not.toContain('secret');
    }
  });

  it('forgets items after their time, and the oldest first past the count or size bound', async () => {
    let now = 0;
    const items = createResponseItems({ maxEntries: 2, maxChars: 10, ttlMs: 1_000, now: () => now });
    items.remember('k', 'a', 'aaa');
    items.remember('k', 'b', 'bbb');
    items.remember('k', 'c', 'ccc');
    expect([items.recall('k', 'a'), items.recall('k', 'b'), items.recall('k', 'c')]).toEqual([
      undefined,
      'bbb',
      'ccc',
    ]);
    items.remember('k', 'd', 'dddddddd');
    expect(items.size()).toBe(1);
    expect(items.recall('k', 'd')).toBe('dddddddd');
    items.remember('k', 'huge', 'x'.repeat(11));
    expect(items.recall('k', 'huge')).toBeUndefined();
    now = 1_000;
    expect(items.recall('k', 'd')).toBeUndefined();
    expect(items.size()).toBe(0);
  });
});
