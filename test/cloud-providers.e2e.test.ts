// End to end on the built CLI: one `yardstick eval` per cloud provider (Gemini, Azure OpenAI, Bedrock), each
// pointed at a local fake that speaks its wire format and checks its authentication as the real service does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeAzure } from '../src/testing/fake-azure-responses.js';
import { fakeBedrock } from '../src/testing/fake-bedrock-server.js';
import { fakeGoogle } from '../src/testing/fake-google-responses.js';
import { type FakeHandler, type FakeServer, startFakeServer } from '../src/testing/fake-server.js';
import { makeProject, runCli } from './helpers/run-cli.js';

const servers: FakeServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});
const serve = async (handler: FakeHandler) => {
  const server = await startFakeServer(handler);
  servers.push(server);
  return server;
};

/** Three cases that pass when the model echoes the question; the model twice, once streaming. */
const suite = (model: string) => `name: cloud
prompts:
  - id: ask
    messages:
      - { role: system, content: "Repeat the question." }
      - { role: user, content: "number {{n}}" }
models:
  - { ${model}, label: plain, price: { input: 1, output: 2 }, options: { maxRetries: 0, timeoutMs: 5000 } }
  - { ${model}, label: streamed, price: { input: 1, output: 2 }, options: { stream: true, maxRetries: 0, timeoutMs: 5000 } }
tests:
${[0, 1, 2].map((n) => `  - { id: case-${n}, vars: { n: ${n} }, assert: [ { type: contains, value: "echo: number ${n}" } ] }`).join('\n')}
`;

/** Runs the suite, checks every case passed on both models with tokens, and that no secret reached the outputs. */
const evalPasses = async (model: string, env: Record<string, string>, secrets: string[]) => {
  const cwd = makeProject({ 'suite.yaml': suite(model) });
  const result = await runCli(['eval', 'suite.yaml', '-o', 'run.json'], { cwd, env });
  expect(result.stderr).not.toMatch(/^(internal )?error/m);
  expect(result.stdout).toMatch(/plain\s+100\.0%/);
  expect(result.stdout).toMatch(/streamed\s+100\.0%/);
  expect(result.code).toBe(0);
  const report = JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8'));
  expect(report.results).toHaveLength(6);
  for (const row of report.results) {
    expect(row).toMatchObject({ pass: true, error: null });
    expect(row.tokens.input).toBeGreaterThan(0);
    expect(row.tokens.output).toBeGreaterThan(0);
  }
  for (const file of ['run.json', '.yardstick/yardstick.db']) {
    const text = readFileSync(path.join(cwd, file));
    for (const secret of secrets) expect(text.includes(secret)).toBe(false);
  }
  for (const secret of secrets) expect(result.stdout + result.stderr).not.toContain(secret);
  return report;
};

describe('yardstick eval on cloud providers', () => {
  it('google: a Gemini model through generateContent and streamGenerateContent, keyed by GEMINI_API_KEY', async () => {
    const key = 'AIzaSy-e2e-secret-gemini';
    const server = await serve(fakeGoogle({ apiKey: key }));
    await evalPasses(
      `id: "google:gemini-2.5-flash", baseUrl: "${server.url}/v1beta"`,
      { GEMINI_API_KEY: key },
      [key],
    );
    const paths = server.requests.map((request) => request.path);
    expect(paths).toContain('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(paths).toContain('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  });

  it('azure: a deployment reached through AZURE_OPENAI_ENDPOINT with the api-key header', async () => {
    const key = 'az-e2e-secret-key-42';
    const server = await serve(fakeAzure({ apiKey: key }));
    await evalPasses(
      'id: "azure:gpt4o-eval"',
      { AZURE_OPENAI_ENDPOINT: server.url, AZURE_OPENAI_API_KEY: key },
      [key],
    );
    expect(server.requests[0]?.path).toBe(
      '/openai/deployments/gpt4o-eval/chat/completions?api-version=2024-10-21',
    );
  });

  it('bedrock: Converse and ConverseStream, every request SigV4-signed from the AWS variables', async () => {
    const credentials = {
      accessKeyId: 'AKIAE2EEXAMPLE000001',
      secretAccessKey: 'e2e/secret/wJalrXUtnFEMI/K7MDENG',
      sessionToken: 'e2e-session-token-FwoGZXIvYXdz',
    };
    const server = await serve(fakeBedrock({ credentials, region: 'eu-west-3' }));
    await evalPasses(
      `id: "bedrock:anthropic.claude-3-5-haiku-20241022-v1:0", baseUrl: "${server.url}"`,
      {
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_SESSION_TOKEN: credentials.sessionToken,
        AWS_REGION: 'eu-west-3',
      },
      [credentials.secretAccessKey, credentials.sessionToken],
    );
    const paths = new Set(server.requests.map((request) => request.path));
    expect(paths).toEqual(
      new Set([
        '/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse',
        '/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse-stream',
      ]),
    );
  });

  it('skips a cloud model whose credentials are not set, saying what to export', async () => {
    const server = await serve(fakeGoogle({ apiKey: 'k' }));
    const cwd = makeProject({
      'suite.yaml': suite(`id: "google:gemini-2.5-flash", baseUrl: "${server.url}/v1beta"`).replace(
        'tests:',
        '  - bedrock:amazon.nova-lite-v1:0\n  - azure:my-deployment\ntests:',
      ),
    });
    const result = await runCli(['eval', 'suite.yaml'], { cwd, env: { GEMINI_API_KEY: 'k' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('skipped bedrock:amazon.nova-lite-v1:0: AWS_REGION is not set');
    expect(result.stdout).toContain('skipped azure:my-deployment: AZURE_OPENAI_ENDPOINT is not set');
  });
});
