// The gateway routes to the cloud providers through the registry like to any other: a chat request from the
// official `openai` client answered by a Gemini (and a Bedrock) target behind a fake speaking its wire format.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStores } from '../store/sqlite/open-sqlite.js';
import { fakeBedrock } from '../testing/fake-bedrock-server.js';
import { fakeGoogle } from '../testing/fake-google-responses.js';
import { type FakeHandler, startFakeServer } from '../testing/fake-server.js';
import { createApiKey } from './api-keys.js';
import { createGateway } from './gateway.js';
import { loadGatewayConfig } from './load-gateway-config.js';
import { startGatewayServer } from './server.js';

const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

/** A gateway with one route `chat` whose only target is `model`, in front of a fake upstream. */
const gatewayInFrontOf = async (
  handler: FakeHandler,
  provider: string,
  model: string,
  env: Record<string, string>,
) => {
  const upstream = await startFakeServer(handler);
  opened.push(upstream);
  const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-cloud-gateway-'));
  const configPath = path.join(dir, 'gateway.yaml');
  writeFileSync(
    configPath,
    `providers:\n  cloud: ${provider.replace('URL', upstream.url)}\nroutes:\n  chat:\n    targets:\n      - { model: "cloud:${model}" }\n`,
  );
  const store = openSqliteStores(path.join(dir, 'yardstick.db')).gateway;
  const { key } = await createApiKey(store, { name: 'team-a' });
  const gateway = createGateway({ loaded: await loadGatewayConfig(configPath), store, env, log: () => {} });
  const server = await startGatewayServer(gateway, '127.0.0.1', 0);
  opened.push({
    async close() {
      await server.close();
      await store.close();
    },
  });
  return { upstream, client: new OpenAI({ apiKey: key, baseURL: `${server.url}/v1`, maxRetries: 0 }) };
};

describe('the gateway with cloud provider targets', () => {
  it('answers a chat completion, streamed and not, from a google: target', async () => {
    const { upstream, client } = await gatewayInFrontOf(
      fakeGoogle({ apiKey: 'gemini-upstream-key' }),
      '{ type: google, baseUrl: "URL/v1beta", apiKeyEnv: GEM_KEY }',
      'gemini-2.5-flash',
      { GEM_KEY: 'gemini-upstream-key' },
    );
    const completion = await client.chat.completions.create({
      model: 'chat',
      messages: [
        { role: 'system', content: 'Repeat.' },
        { role: 'user', content: 'Capital of France?' },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe('echo: Capital of France?');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(upstream.requests[0]?.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(upstream.requests[0]?.body).toMatchObject({ systemInstruction: { parts: [{ text: 'Repeat.' }] } });

    const stream = await client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'And of Spain?' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('echo: And of Spain?');
    expect(upstream.requests[1]?.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  });

  it('answers from a bedrock: target whose requests the upstream verifies as SigV4-signed', async () => {
    const credentials = { accessKeyId: 'AKIAGATEWAYEXAMPLE01', secretAccessKey: 'gateway/secret/EXAMPLEKEY' };
    const { client } = await gatewayInFrontOf(
      fakeBedrock({ credentials, region: 'us-east-1' }),
      '{ type: bedrock, baseUrl: "URL" }',
      'amazon.nova-lite-v1:0',
      {
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_REGION: 'us-east-1',
      },
    );
    const completion = await client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'Hello Bedrock' }],
    });
    expect(completion.choices[0]?.message.content).toBe('echo: Hello Bedrock');
  });
});
