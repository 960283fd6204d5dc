// The exact-match cache as clients meet it: each API key gets only the answers stored for it, unless the route
// says `cache.shared: true`.
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { openaiChatCompletion, startFakeServer } from '../testing/fake-server.js';
import { createApiKey } from './api-keys.js';
import { openaiProviders, startTestGateway, type TestGateway } from './test-gateway.js';

const opened: TestGateway[] = [];
afterEach(async () => {
  for (const gateway of opened.splice(0)) await gateway.close();
});

/** A caching route, per key or shared; the second key's client; and how many requests reached the upstream. */
const twoKeysOn = async (cache: string) => {
  const up = await startFakeServer({ status: 200, json: openaiChatCompletion({ content: 'Paris' }) });
  const gateway = await startTestGateway(
    `${openaiProviders(up)}routes:\n  faq:\n    cache: ${cache}\n    targets:\n      - { model: up:gpt-4o-mini }\n`,
    { upstreams: [up] },
  );
  opened.push(gateway);
  const second = (await createApiKey(gateway.store, { name: 'team-b' })).key;
  const clientOf = (key: string) => new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  const ask = (client: OpenAI) =>
    client.chat.completions.create({
      model: 'faq',
      messages: [{ role: 'user', content: 'Capital of France?' }],
    });
  return { up, gateway, first: clientOf(gateway.key), second: clientOf(second), ask };
};

describe('the cache, per key', () => {
  it('keeps one key’s cached answers from another key by default', async () => {
    const { up, gateway, first, second, ask } = await twoKeysOn('{ ttlSeconds: 60 }');
    await ask(first);
    await ask(first);
    expect(up.requests).toHaveLength(1);
    // the same request from another key is a miss: it goes upstream, then that key has its own answer
    expect((await ask(second)).choices[0]?.message.content).toBe('Paris');
    expect(up.requests).toHaveLength(2);
    await ask(second);
    expect(up.requests).toHaveLength(2);
    await gateway.server.close();
    const hits = (await gateway.traces()).filter((trace) => trace.cacheHit);
    expect(hits.map((trace) => trace.keyName).sort()).toEqual(['team-a', 'team-b']);
  });

  it('shares cached answers across keys when the route says cache.shared', async () => {
    const { up, gateway, first, second, ask } = await twoKeysOn('{ ttlSeconds: 60, shared: true }');
    await ask(first);
    expect((await ask(second)).choices[0]?.message.content).toBe('Paris');
    expect(up.requests).toHaveLength(1);
    await gateway.server.close();
    expect((await gateway.traces()).find((trace) => trace.keyName === 'team-b')?.cacheHit).toBe(true);
  });
});
