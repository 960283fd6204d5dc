import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../testing/fake-server.js';
import { readJsonFixture } from '../../testing/read-fixture.js';
import { GoogleEmbeddingModel } from './google-embedding-model.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const model = () =>
  new GoogleEmbeddingModel({
    modelName: 'gemini-embedding-001',
    baseUrl: `${server.url}/v1beta`,
    apiKey: 'k',
  });

describe('GoogleEmbeddingModel', () => {
  it('embeds all values in one batchEmbedContents call, in input order', async () => {
    server.respondWith({ status: 200, json: readJsonFixture(import.meta.url, 'embeddings.json') });
    const result = await model().embed(['first', 'second']);
    expect(result.embeddings).toEqual([
      [0.013168523, -0.008711934, -0.046782676, 0.000699695],
      [-0.021351518, 0.012435671, -0.039271664, 0.023891851],
    ]);
    expect(result.usage.inputTokens).toBeUndefined();
    const request = server.requests.at(-1);
    expect(request?.path).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(request?.headers['x-goog-api-key']).toBe('k');
    expect(request?.body).toEqual({
      requests: [
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'first' }] } },
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'second' }] } },
      ],
    });
  });

  it('refuses an answer with fewer vectors than values', async () => {
    server.respondWith({ status: 200, json: { embeddings: [{ values: [1] }] } });
    await expect(model().embed(['a', 'b'])).rejects.toMatchObject({ code: 'E_MALFORMED_RESPONSE' });
  });
});
