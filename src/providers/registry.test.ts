import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Transport } from '../http/transport.js';
import { bundledPriceEntries } from '../pricing/data/bundled-prices.js';
import { googleGenerateContent } from '../testing/fake-google-responses.js';
import { openaiChatCompletion } from '../testing/fake-server.js';
import { openaiPresets } from './openai/openai-presets.js';
import {
  createEmbeddingModel,
  createLanguageModel,
  isProviderId,
  isUnpricedProvider,
  knownProviders,
  type ProviderId,
} from './registry.js';

/** A transport that records where it was sent and answers like OpenAI, so no test leaves the process. */
const recordingTransport = (status = 200, body = JSON.stringify(openaiChatCompletion({ content: 'ok' }))) => {
  const calls: { url: string; headers: Record<string, string> }[] = [];
  const transport: Transport = async (request) => {
    calls.push({ url: request.url, headers: request.headers });
    return {
      status,
      headers: { get: (name) => (name === 'content-type' ? 'application/json' : null) },
      text: async () => body,
      chunks: async function* () {
        yield body;
      },
      cancel: () => {},
    };
  };
  return { calls, transport };
};

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };
const context = (env: Record<string, string | undefined> = {}, transport?: Transport) => ({
  env,
  baseDir: '/tmp',
  ...(transport ? { transport } : {}),
});

describe('createLanguageModel', () => {
  it('suggests the closest provider for an unknown one and lists the known ones', () => {
    expect(() => createLanguageModel({ id: 'opneai:gpt-4o' }, context())).toThrow(
      expect.objectContaining({
        code: 'E_PROVIDER_UNKNOWN',
        message: expect.stringMatching(
          /unknown provider "opneai".*did you mean "openai"\?.*known providers: .*anthropic/,
        ),
      }),
    );
  });

  it('rejects an id without a provider prefix', () => {
    expect(() => createLanguageModel({ id: 'gpt-4o' }, context())).toThrow(
      expect.objectContaining({ code: 'E_CONFIG' }),
    );
  });

  it('fails with E_API_KEY_MISSING naming the variable when the key is not set', () => {
    expect(() => createLanguageModel({ id: 'openai:gpt-4o-mini' }, context())).toThrow(
      expect.objectContaining({
        code: 'E_API_KEY_MISSING',
        message: expect.stringContaining('OPENAI_API_KEY is not set'),
      }),
    );
    expect(() =>
      createLanguageModel({ id: 'anthropic:claude-3-5-haiku-latest', apiKeyEnv: 'MY_KEY' }, context()),
    ).toThrow(
      expect.objectContaining({
        code: 'E_API_KEY_MISSING',
        message: expect.stringContaining('MY_KEY is not set'),
      }),
    );
  });

  it('sends each preset to its base URL with its key', async () => {
    for (const [id, preset] of Object.entries(openaiPresets)) {
      const { calls, transport } = recordingTransport();
      const env = 'apiKeyEnv' in preset ? { [preset.apiKeyEnv]: `key-for-${id}` } : {};
      const model = createLanguageModel({ id: `${id}:some-model` }, context(env, transport));
      expect(model.provider).toBe(id);
      expect(model.modelId).toBe('some-model');
      await model.generate(ask);
      expect(calls[0]?.url).toBe(`${preset.baseUrl}/chat/completions`);
      expect(calls[0]?.headers.authorization).toBe(
        'apiKeyEnv' in preset ? `Bearer key-for-${id}` : undefined,
      );
    }
  });

  it('lets baseUrl override the preset and needs no key for a custom openai-compatible server', async () => {
    const { calls, transport } = recordingTransport();
    const model = createLanguageModel(
      { id: 'openai:my-model', baseUrl: 'http://127.0.0.1:9999/v1/' },
      context({ OPENAI_API_KEY: 'sk-must-not-leak' }, transport),
    );
    await model.generate(ask);
    expect(calls[0]?.url).toBe('http://127.0.0.1:9999/v1/chat/completions');
    expect(calls[0]?.headers.authorization).toBeUndefined();
  });

  it('uses apiKeyEnv and substitutes env references in headers', async () => {
    const { calls, transport } = recordingTransport();
    const model = createLanguageModel(
      {
        id: 'ollama:llama3.1:8b',
        apiKeyEnv: 'GATEWAY_KEY',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal `${env:NAME}` syntax is what is tested
        headers: { 'x-team': 'evals', 'x-token': 'tok-${env:TEAM_TOKEN}' },
      },
      context({ GATEWAY_KEY: 'gw-1', TEAM_TOKEN: 'abc' }, transport),
    );
    expect(model.modelId).toBe('llama3.1:8b');
    await model.generate(ask);
    expect(calls[0]?.headers).toMatchObject({
      authorization: 'Bearer gw-1',
      'x-team': 'evals',
      'x-token': 'tok-abc',
    });
  });

  it('refuses a header whose env reference expands to a line break, before any request', () => {
    expect(() =>
      createLanguageModel(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal `${env:NAME}` syntax is what is tested
        { id: 'ollama:llama3.1:8b', headers: { 'x-token': '${env:TEAM_TOKEN}' } },
        context({ TEAM_TOKEN: 'abc\r\nX-Evil: 1' }),
      ),
    ).toThrow(expect.objectContaining({ code: 'E_CONFIG', message: expect.stringContaining('line break') }));
  });

  it('sends the Anthropic key as x-api-key to the default host', async () => {
    const { calls, transport } = recordingTransport(
      401,
      '{"type":"error","error":{"type":"authentication_error","message":"nope"}}',
    );
    const model = createLanguageModel(
      { id: 'anthropic:claude-3-5-haiku-latest' },
      context({ ANTHROPIC_API_KEY: 'a' }, transport),
    );
    await expect(model.generate(ask)).rejects.toMatchObject({ code: 'E_HTTP_AUTH' });
    expect(calls.map((call) => call.url)).toEqual(['https://api.anthropic.com/v1/messages']);
    expect(calls[0]?.headers['x-api-key']).toBe('a');
  });

  it('creates function models relative to the base directory', () => {
    expect(() => createLanguageModel({ id: 'function:./missing.js' }, context())).toThrow(
      expect.objectContaining({ code: 'E_CONFIG', message: expect.stringContaining('/tmp/missing.js') }),
    );
  });
});

describe('createEmbeddingModel', () => {
  it('creates OpenAI-compatible embedding models and refuses others', () => {
    const model = createEmbeddingModel(
      { id: 'openai:text-embedding-3-small' },
      context({ OPENAI_API_KEY: 'k' }),
    );
    expect(model.modelId).toBe('text-embedding-3-small');
    expect(() =>
      createEmbeddingModel({ id: 'anthropic:claude' }, context({ ANTHROPIC_API_KEY: 'k' })),
    ).toThrow(expect.objectContaining({ code: 'E_CONFIG' }));
  });
});

describe('knownProviders', () => {
  it('lists every preset and every adapter', () => {
    expect(knownProviders()).toEqual(
      expect.arrayContaining([
        ...Object.keys(openaiPresets),
        'anthropic',
        'google',
        'azure',
        'bedrock',
        'function',
      ]),
    );
  });
});

describe('the provider documentation', () => {
  it('has a row in the table of docs/providers.md for every registry provider', () => {
    const docs = readFileSync(new URL('../../docs/providers.md', import.meta.url), 'utf8');
    const rows = new Set([...docs.matchAll(/^\| `([a-z0-9-]+)` +\|/gm)].map((match) => match[1]));
    expect(knownProviders().filter((id) => !rows.has(id))).toEqual([]);
  });
});

describe('isUnpricedProvider', () => {
  it('reads the flag of the registry entry: own hardware or code has no list price', () => {
    const unpriced: ProviderId[] = ['function', 'ollama', 'vllm', 'llamacpp', 'lmstudio'];
    for (const id of knownProviders()) expect(isUnpricedProvider(id)).toBe(unpriced.includes(id));
    expect(isUnpricedProvider('no-such-provider')).toBe(false);
  });
});

describe('google', () => {
  it('reads GEMINI_API_KEY, or GOOGLE_API_KEY when that is the one set, into x-goog-api-key', async () => {
    for (const env of [
      { GEMINI_API_KEY: 'g1' },
      { GOOGLE_API_KEY: 'g1' },
      { GEMINI_API_KEY: ' ', GOOGLE_API_KEY: 'g1' },
    ]) {
      const { calls, transport } = recordingTransport(
        200,
        JSON.stringify(googleGenerateContent({ content: 'ok' })),
      );
      const model = createLanguageModel({ id: 'google:gemini-2.5-flash' }, context(env, transport));
      expect((await model.generate(ask)).text).toBe('ok');
      expect(calls[0]?.url).toBe(
        'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
      );
      expect(calls[0]?.headers['x-goog-api-key']).toBe('g1');
    }
  });

  it('names both variables when neither is set', () => {
    expect(() => createLanguageModel({ id: 'google:gemini-2.5-flash' }, context())).toThrow(
      expect.objectContaining({
        code: 'E_API_KEY_MISSING',
        message:
          'GEMINI_API_KEY is not set (nor GOOGLE_API_KEY) (needed by model "google:gemini-2.5-flash"); export GEMINI_API_KEY, or set apiKeyEnv',
      }),
    );
  });

  it('creates Gemini embedding models', () => {
    const model = createEmbeddingModel(
      { id: 'google:gemini-embedding-001' },
      context({ GEMINI_API_KEY: 'k' }),
    );
    expect(model).toMatchObject({ provider: 'google', modelId: 'gemini-embedding-001' });
  });
});

describe('the bundled price table and the registry', () => {
  it('prices only providers a suite can name, so no row is unreachable', () => {
    const unreachable = [...new Set(bundledPriceEntries.map((row) => row.provider))].filter(
      (provider) => !isProviderId(provider),
    );
    expect(unreachable).toEqual([]);
  });

  it('calls xAI at its own host with XAI_API_KEY', async () => {
    const { calls, transport } = recordingTransport();
    const model = createLanguageModel(
      { id: 'xai:grok-4.3' },
      context({ XAI_API_KEY: 'xai-test-key' }, transport),
    );
    await model.generate(ask);
    expect(calls[0]?.url).toBe('https://api.x.ai/v1/chat/completions');
    expect(calls[0]?.headers.authorization).toBe('Bearer xai-test-key');
  });
});
