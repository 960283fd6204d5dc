// End to end: `yardstick keys`, `yardstick serve` and `yardstick traces` as a platform team would use them.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, openaiChatCompletion, startFakeServer } from '../src/testing/fake-server.js';
import { makeProject, runCli } from './helpers/run-cli.js';

const upstreamKey = 'sk-e2e-upstream-secret-Zp4';

describe('yardstick serve', () => {
  let upstream: FakeServer;
  beforeAll(async () => {
    upstream = await startFakeServer((request) => ({
      status: 200,
      json: openaiChatCompletion({ content: 'served', usage: { prompt_tokens: 100, completion_tokens: 50 } }),
      delayMs:
        (request.body as { messages: Array<{ content: string }> }).messages[0]?.content === 'slow' ? 400 : 0,
    }));
  });
  afterAll(async () => {
    await upstream.close();
  });

  it('serves with a created key, refuses it once revoked, drains on SIGTERM and lists the traces', async () => {
    const cwd = makeProject({
      // the provider key comes from a secrets file, not the environment
      'secrets.env': `# provider keys\nUP_KEY=${upstreamKey}\n`,
      'gateway.yaml': `secretsFile: secrets.env
providers:
  up: { type: openai, baseUrl: ${upstream.url}/v1, apiKeyEnv: UP_KEY }
routes:
  summarize:
    maxOutputTokens: 256
    targets:
      - { model: up:gpt-4o-mini, price: { input: 1, output: 2 } }
`,
    });
    const env = {};
    const created = await runCli(
      ['keys', 'create', '--name', 'team-a', '--budget-usd', '5/day', '--rpm', '100'],
      { cwd, env },
    );
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^ys_/);
    expect(created.stderr).toContain('it is shown only now');

    let child: ChildProcess | undefined;
    let served: ReturnType<typeof runCli> | undefined;
    let url = '';
    const listening = new Promise<void>((resolve) => {
      const watch = (spawned: ChildProcess): void => {
        child = spawned;
        let seen = '';
        spawned.stderr?.on('data', (chunk: Buffer) => {
          seen += chunk.toString();
          const match = /gateway on (http:\/\/[^\s]+)\/v1/.exec(seen);
          if (match?.[1] && url === '') {
            url = match[1];
            resolve();
          }
        });
      };
      served = runCli(['serve', '--config', 'gateway.yaml', '--port', '0'], { cwd, env, onSpawn: watch });
    });
    await listening;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    const client = new OpenAI({ apiKey: key, baseURL: `${url}/v1`, maxRetries: 0 });
    const ask = (content = 'hello') =>
      client.chat.completions.create({ model: 'summarize', messages: [{ role: 'user', content }] });
    expect((await ask()).choices[0]?.message.content).toBe('served');
    expect(upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${upstreamKey}`);

    // a second key, revoked from another process while the gateway runs: refused at once
    const other = (await runCli(['keys', 'create', '--name', 'team-b'], { cwd, env })).stdout.trim();
    const otherClient = new OpenAI({ apiKey: other, baseURL: `${url}/v1`, maxRetries: 0 });
    await otherClient.chat.completions.create({
      model: 'summarize',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect((await runCli(['keys', 'revoke', 'team-b'], { cwd, env })).code).toBe(0);
    await expect(
      otherClient.chat.completions.create({ model: 'summarize', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);

    // SIGTERM while a slow request is in flight: it is answered, its trace is written, the process exits 0
    const slow = ask('slow');
    await new Promise((resolve) => setTimeout(resolve, 150));
    child?.kill('SIGTERM');
    expect((await slow).choices[0]?.message.content).toBe('served');
    const stopped = await served;
    expect(stopped?.code).toBe(0);
    expect(stopped?.stderr).toContain('stopped; 4 trace(s) written');
    expect(stopped?.stderr).not.toContain(upstreamKey);
    const database = readFileSync(path.join(cwd, '.yardstick', 'yardstick.db'), 'latin1');
    expect(database).toContain('team-a');
    expect(database).not.toContain(upstreamKey);

    const listed = await runCli(['traces', '--key', 'team-a', '-o', 'traces.jsonl'], { cwd, env });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('2 request(s), 0 error(s), 200 input and 100 output tokens, $0.00040');
    const lines = readFileSync(path.join(cwd, 'traces.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      keyName: 'team-a',
      route: 'summarize',
      status: 200,
    });
    const errors = await runCli(['traces', '--errors'], { cwd, env });
    expect(errors.stdout).toContain('1 request(s), 1 error(s)');

    const keys = await runCli(['keys', 'list'], { cwd, env });
    expect(keys.stdout).toMatch(/team-a .* active .* \$0\.00 of \$5\/day .* 100 /);
    expect(keys.stdout).toMatch(/team-b .* revoked/);
    expect(keys.stdout).not.toContain(key);
  });

  it('refuses keys create --expires in the past with exit 2, and creates no key', async () => {
    const cwd = makeProject({});
    for (const expires of ['2020-01-01', '0d']) {
      const result = await runCli(['keys', 'create', '--name', 'late', '--expires', expires], { cwd });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`--expires ${expires} is not in the future`);
      expect(result.stderr).not.toContain('    at ');
    }
    const listed = await runCli(['keys', 'list'], { cwd });
    expect(listed.stdout).toContain('no keys yet');
    const later = await runCli(['keys', 'create', '--name', 'soon', '--expires', '1h'], { cwd });
    expect(later.code).toBe(0);
  });

  it('refuses a config with a mistake, naming the file, line and field, without a stack trace', async () => {
    const cwd = makeProject({
      'gateway.yaml': 'routes:\n  chat:\n    targets:\n      - { model: opnai:gpt-4o-mini }\n',
    });
    const result = await runCli(['serve', '--config', 'gateway.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('[E_GATEWAY_CONFIG]');
    expect(result.stderr).toMatch(
      /gateway\.yaml:4:18 routes\.chat\.targets\.0\.model: unknown provider "opnai"; did you mean "openai"\?/,
    );
    expect(result.stderr).not.toContain('    at ');
  });

  it('exports every request as an OTLP span from its trace writer thread, and all of them before it exits', async () => {
    const collector = await startFakeServer({ status: 200, json: {} });
    try {
      const cwd = makeProject({
        'gateway.yaml': `tracing:
  otlp: { endpoint: ${collector.url}/v1/traces }
providers:
  up: { type: openai, baseUrl: ${upstream.url}/v1, apiKeyEnv: UP_KEY }
routes:
  summarize:
    targets:
      - { model: up:gpt-4o-mini }
`,
      });
      const env = { UP_KEY: upstreamKey };
      const key = (await runCli(['keys', 'create', '--name', 'otel'], { cwd, env })).stdout.trim();
      let child: ChildProcess | undefined;
      let served: ReturnType<typeof runCli> | undefined;
      let url = '';
      const listening = new Promise<void>((resolve) => {
        served = runCli(['serve', '--config', 'gateway.yaml', '--port', '0'], {
          cwd,
          env,
          onSpawn: (spawned) => {
            child = spawned;
            let seen = '';
            spawned.stderr?.on('data', (chunk: Buffer) => {
              seen += chunk.toString();
              const match = /gateway on (http:\/\/[^\s]+)\/v1/.exec(seen);
              if (match?.[1] && url === '') {
                url = match[1];
                resolve();
              }
            });
          },
        });
      });
      await listening;
      const client = new OpenAI({ apiKey: key, baseURL: `${url}/v1`, maxRetries: 0 });
      for (let index = 0; index < 3; index += 1) {
        await client.chat.completions.create({
          model: 'summarize',
          messages: [{ role: 'user', content: 'hi' }],
        });
      }
      child?.kill('SIGTERM');
      expect((await served)?.code).toBe(0);
      const spans = collector.requests.flatMap(
        (request) =>
          (
            request.body as {
              resourceSpans: Array<{
                scopeSpans: Array<{ spans: Array<{ name: string; attributes: unknown[] }> }>;
              }>;
            }
          ).resourceSpans[0]?.scopeSpans[0]?.spans ?? [],
      );
      expect(spans.map((span) => span.name)).toEqual(Array(3).fill('chat gpt-4o-mini'));
      expect(JSON.stringify(spans[0]?.attributes)).toContain('"gen_ai.usage.input_tokens"');
      expect(JSON.stringify(collector.requests.map((request) => request.rawBody))).not.toContain(upstreamKey);
    } finally {
      await collector.close();
    }
  });
});
