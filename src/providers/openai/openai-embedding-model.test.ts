import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../testing/fake-server.js';
import { readJsonFixture } from '../../testing/read-fixture.js';
import { OpenAIEmbeddingModel } from './openai-embedding-model.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

describe('OpenAIEmbeddingModel', () => {
  it('posts the inputs and returns vectors in input order', async () => {
    server.respondWith({ status: 200, json: readJsonFixture(import.meta.url, 'embeddings.json') });
    const model = new OpenAIEmbeddingModel({
      modelName: 'text-embedding-3-small',
      baseUrl: `${server.url}/v1`,
      apiKey: 'k',
    });
    const result = await model.embed(['first', 'second']);
    expect(result.embeddings).toEqual([
      [-0.0069292834, -0.005336422, 0.024047505],
      [0.0023064255, -0.009327292, 0.015797347],
    ]);
    expect(result.usage).toEqual({ inputTokens: 8 });
    expect(server.requests.at(-1)).toMatchObject({
      path: '/v1/embeddings',
      body: { model: 'text-embedding-3-small', input: ['first', 'second'], encoding_format: 'float' },
    });
  });
});
