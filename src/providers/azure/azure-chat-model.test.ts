// Azure OpenAI through the registry: deployment URLs, api-version, auth headers, and Azure-shaped answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../spec/model-config.js';
import { collectParts } from '../../testing/collect-parts.js';
import { type FakeServer, startFakeServer } from '../../testing/fake-server.js';
import { readJsonFixture, readSseFixture } from '../../testing/read-fixture.js';
import { createEmbeddingModel, createLanguageModel } from '../registry.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const fixture = (name: string) => readJsonFixture(import.meta.url, name);
const env = { AZURE_OPENAI_API_KEY: 'az-key-0123456789' };
const azure = (config: Partial<ModelConfig> = {}, extraEnv: Record<string, string> = {}) =>
  createLanguageModel(
    { id: 'azure:gpt4o-prod', baseUrl: server.url, ...config },
    { env: { ...env, ...extraEnv }, baseDir: '/tmp' },
  );
const ask = { messages: [{ role: 'user' as const, content: 'What is the capital of France?' }] };
const lastRequest = () => server.requests.at(-1);

describe('azure: where requests go', () => {
  it('posts to the deployment URL with the default api-version and the api-key header', async () => {
    server.respondWith({ status: 200, json: fixture('chat-completion-text.json') });
    const model = azure();
    expect(model.provider).toBe('azure');
    const result = await model.generate({ ...ask, maxTokens: 20 });
    expect(result.text).toBe('The capital of France is Paris.');
    expect(result.response).toEqual({
      id: 'chatcmpl-CYk3Z0pT7rB2mN9qL4wX8sV1hJ6fD',
      modelId: 'gpt-4o-2024-11-20',
    });
    expect(result.usage).toEqual({
      inputTokens: 24,
      outputTokens: 8,
      cachedInputTokens: 0,
      reasoningTokens: 0,
    });
    expect(lastRequest()?.path).toBe(
      '/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21',
    );
    expect(lastRequest()?.headers['api-key']).toBe('az-key-0123456789');
    expect(lastRequest()?.headers.authorization).toBeUndefined();
    expect(lastRequest()?.body).toMatchObject({ model: 'gpt4o-prod', max_tokens: 20 });
  });

  it('takes the endpoint from AZURE_OPENAI_ENDPOINT and the version from the base URL or the environment', async () => {
    server.respondWith({ status: 200, json: fixture('chat-completion-text.json') });
    await createLanguageModel(
      { id: 'azure:my dep' },
      {
        env: {
          ...env,
          AZURE_OPENAI_ENDPOINT: `${server.url}/`,
          AZURE_OPENAI_API_VERSION: '2025-04-01-preview',
        },
        baseDir: '/tmp',
      },
    ).generate({ ...ask, maxTokens: 20 });
    expect(lastRequest()?.path).toBe(
      '/openai/deployments/my%20dep/chat/completions?api-version=2025-04-01-preview',
    );
    // newer API versions take max_completion_tokens, which reasoning deployments require
    expect(lastRequest()?.body).toMatchObject({ max_completion_tokens: 20 });
    await azure({ baseUrl: `${server.url}/openai?api-version=2024-06-01` }).generate(ask);
    expect(lastRequest()?.path).toBe(
      '/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-06-01',
    );
    await azure({ baseUrl: `${server.url}/openai/deployments/other?api-version=2024-06-01` }).generate(ask);
    expect(lastRequest()?.path).toBe('/openai/deployments/other/chat/completions?api-version=2024-06-01');
  });

  it('uses the /openai/v1 API with the deployment as model and no api-version', async () => {
    server.respondWith({ status: 200, json: fixture('chat-completion-text.json') });
    await azure({ baseUrl: `${server.url}/openai/v1/` }).generate({ ...ask, maxTokens: 20 });
    expect(lastRequest()?.path).toBe('/openai/v1/chat/completions');
    expect(lastRequest()?.body).toMatchObject({ model: 'gpt4o-prod', max_completion_tokens: 20 });
  });

  it('sends an Entra token as a bearer header when there is no key', async () => {
    server.respondWith({ status: 200, json: fixture('chat-completion-text.json') });
    await createLanguageModel(
      { id: 'azure:gpt4o-prod', baseUrl: server.url },
      { env: { AZURE_OPENAI_AD_TOKEN: 'eyJ0eXAi.entra' }, baseDir: '/tmp' },
    ).generate(ask);
    expect(lastRequest()?.headers.authorization).toBe('Bearer eyJ0eXAi.entra');
    expect(lastRequest()?.headers['api-key']).toBeUndefined();
  });

  it('names what to export when the endpoint or the key is missing', () => {
    expect(() => createLanguageModel({ id: 'azure:d' }, { env, baseDir: '/tmp' })).toThrow(
      expect.objectContaining({
        code: 'E_API_KEY_MISSING',
        message: expect.stringContaining('AZURE_OPENAI_ENDPOINT is not set (needed by model "azure:d")'),
      }),
    );
    expect(() =>
      createLanguageModel({ id: 'azure:d', baseUrl: server.url }, { env: {}, baseDir: '/tmp' }),
    ).toThrow(
      expect.objectContaining({
        code: 'E_API_KEY_MISSING',
        message: expect.stringContaining('AZURE_OPENAI_API_KEY is not set (nor AZURE_OPENAI_AD_TOKEN)'),
      }),
    );
    expect(() =>
      createLanguageModel({ id: 'azure:d', baseUrl: 'not a url' }, { env, baseDir: '/tmp' }),
    ).toThrow(expect.objectContaining({ code: 'E_CONFIG' }));
  });

  it('embeds through the deployment URL', async () => {
    server.respondWith({ status: 200, json: fixture('embeddings.json') });
    const model = createEmbeddingModel(
      { id: 'azure:embed-small', baseUrl: server.url },
      { env, baseDir: '/tmp' },
    );
    const result = await model.embed(['a', 'b']);
    expect(result.embeddings).toHaveLength(2);
    expect(result.usage.inputTokens).toBe(6);
    expect(lastRequest()?.path).toBe('/openai/deployments/embed-small/embeddings?api-version=2024-10-21');
    expect(lastRequest()?.headers['api-key']).toBe('az-key-0123456789');
  });
});

describe('azure: answers', () => {
  it('returns tool calls', async () => {
    server.respondWith({ status: 200, json: fixture('chat-completion-tool-calls.json') });
    const result = await azure().generate(ask);
    expect(result.toolCalls).toEqual([
      {
        id: 'call_Qm3xL8vT2pZk9RbN4wYc7sHd',
        name: 'get_weather',
        arguments: '{"city":"Paris","unit":"celsius"}',
      },
    ]);
    expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_calls' });
  });

  it('maps a completion cut by the content filter to a content-filter finish', async () => {
    server.respondWith({ status: 200, json: fixture('chat-completion-content-filter.json') });
    const result = await azure().generate(ask);
    expect(result.finishReason).toEqual({ unified: 'content-filter', raw: 'content_filter' });
    expect(result.text).toBe('The plot of the film is that');
  });

  it('streams, taking the response id from the first chunk that has one, not the filter chunk', async () => {
    server.respondWith({ sse: readSseFixture(import.meta.url, 'chat-stream-text.sse'), delayMs: 20 });
    const collected = await collectParts(azure().stream(ask));
    expect(collected.parts[0]).toEqual({
      type: 'response-metadata',
      id: 'chatcmpl-CYk3c3sW0uE5pQ2tO7zA1vY4kM9iG',
      modelId: 'gpt-4o-2024-11-20',
    });
    expect(collected.text).toBe('The capital is Paris.');
    expect(collected.finish).toMatchObject({
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: 24, outputTokens: 6 },
    });
    expect(lastRequest()?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });
});
