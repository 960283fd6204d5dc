// End to end: `yardstick keys`, `yardstick serve` and `yardstick traces` as a platform team would use them.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTrace } from '../src/gateway/steps/trace.js';
import { openSqliteStores } from '../src/store/sqlite/open-sqlite.js';
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
    expect(listed.stdout).toContain('2 request(s), 0 error(s), 200 input and 100 output tokens, $0.0004');
    // a header row, the provider as gateway.yaml names it with the model the upstream reported, money to more
    // digits under a cent
    expect(listed.stdout).toMatch(
      /^time +status +key +route +model +tokens in\/out +cost +latency +cache +note\n/,
    );
    expect(listed.stdout).toMatch(/ 200 +team-a +summarize +up:gpt-4o-mini-2024-07-18 +100\/50 +\$0\.0002 /);
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
    expect(keys.stdout).toMatch(/^name +id +status +created +expires +spent +budget +rpm +tpm +routes\n/);
    expect(keys.stdout).toMatch(/team-a +[0-9a-f]{12} +active .* \$0\.0004 today +\$5\.00\/day +100 /);
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

  it('refuses a duplicate key name with exit 2, revokes exactly one key by name, and shows the spend of a spent key', async () => {
    const cwd = makeProject({});
    const first = await runCli(['keys', 'create', '--name', 'dup', '--budget-usd', '0.001/day'], { cwd });
    expect(first.code).toBe(0);
    const again = await runCli(['keys', 'create', '--name', 'dup'], { cwd });
    expect(again.code).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(
      /a key named "dup" already exists \(id [0-9a-f]{12}, .*\); choose another --name, or revoke that key first/,
    );
    expect(again.stderr).not.toContain('    at ');
    expect((await runCli(['keys', 'create', '--name', 'other'], { cwd })).code).toBe(0);
    // the key spent more than its budget (what blocks it) in traces the gateway wrote today
    const listedBefore = JSON.parse((await runCli(['keys', 'list', '--json'], { cwd })).stdout) as Array<{
      id: string;
      name: string;
    }>;
    const dup = listedBefore.find((key) => key.name === 'dup');
    const store = openSqliteStores(path.join(cwd, '.yardstick', 'yardstick.db')).gateway;
    await store.insertTraces(
      [0.0007, 0.0005].map((costUsd, index) => ({
        ...newTrace('/v1/chat/completions', Date.now() - 1000),
        id: `t${index}`,
        keyId: dup?.id ?? '',
        keyName: 'dup',
        costUsd,
      })),
    );
    await store.close();
    const listed = await runCli(['keys', 'list'], { cwd });
    expect(listed.stdout).toMatch(/dup +[0-9a-f]{12} +active .* \$0\.0012 today +\$0\.001\/day /);
    expect(listed.stdout).toMatch(/other +[0-9a-f]{12} +active .* \$0\.00 this month +- /);
    const json = JSON.parse((await runCli(['keys', 'list', '--json'], { cwd })).stdout) as Array<
      Record<string, unknown>
    >;
    expect(json.find((key) => key.name === 'dup')).toMatchObject({
      status: 'active',
      spentUsd: expect.closeTo(0.0012, 12),
    });
    expect(JSON.stringify(json)).not.toContain('secretSha256');

    const revoked = await runCli(['keys', 'revoke', 'dup'], { cwd });
    expect(revoked.code).toBe(0);
    expect(revoked.stderr).toMatch(/revoked key "dup" \(id [0-9a-f]{12}\)/);
    const after = JSON.parse((await runCli(['keys', 'list', '--json'], { cwd })).stdout) as Array<{
      name: string;
      revokedAt: string | null;
    }>;
    expect(after.filter((key) => key.revokedAt !== null).map((key) => key.name)).toEqual(['dup']);
    // the name is free again once its key is revoked
    expect((await runCli(['keys', 'create', '--name', 'dup'], { cwd })).code).toBe(0);
    const missing = await runCli(['keys', 'revoke', 'nobody'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no active key named or with id "nobody"');
  });

  it('lists traces with a header, a cache-hit marker and tiny costs in plain digits, or as JSON', async () => {
    const cwd = makeProject({});
    const store = openSqliteStores(path.join(cwd, '.yardstick', 'yardstick.db')).gateway;
    const base = { keyId: 'k1', keyName: 'team-a', route: 'faq', requestedModel: 'faq', status: 200 };
    await store.insertTraces([
      {
        ...newTrace('/v1/chat/completions', Date.parse('2026-11-23T12:00:00Z')),
        ...base,
        id: 'fresh',
        provider: 'local',
        model: 'qwen2.5-7b-instruct',
        inputTokens: 2,
        outputTokens: 0,
        costUsd: 2e-8,
      },
      {
        ...newTrace('/v1/chat/completions', Date.parse('2026-11-23T12:00:01Z')),
        ...base,
        id: 'cached',
        provider: 'local',
        model: 'qwen2.5-7b-instruct',
        inputTokens: 2,
        outputTokens: 0,
        costUsd: 0,
        cacheHit: true,
      },
    ]);
    await store.close();
    const listed = await runCli(['traces'], { cwd });
    expect(listed.code).toBe(0);
    const [head, newest, older] = listed.stdout.split('\n');
    expect(head).toMatch(/^time +status +key +route +model +tokens in\/out +cost +latency +cache +note$/);
    expect(newest).toMatch(
      /^2026-11-23 12:00:01 +200 +team-a +faq +local:qwen2\.5-7b-instruct +2\/0 +\$0\.00 +0 ms +hit$/,
    );
    expect(older).toMatch(/ local:qwen2\.5-7b-instruct +2\/0 +\$0\.00000002 +0 ms$/);
    expect(listed.stdout).not.toMatch(/e-\d/);
    expect(listed.stdout).toContain(
      '2 request(s), 0 error(s), 1 from the cache, 4 input and 0 output tokens, $0.00000002',
    );
    const json = JSON.parse((await runCli(['traces', '--json', '--limit', '1'], { cwd })).stdout) as {
      traces: Array<{ id: string; cacheHit: boolean }>;
      more: number;
      totals: { requests: number; cacheHits: number };
    };
    expect(json.traces.map((trace) => [trace.id, trace.cacheHit])).toEqual([['cached', true]]);
    expect(json).toMatchObject({ more: 1, totals: { requests: 2, cacheHits: 1 } });
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
      // named after the model the upstream reported answering, not the configured name
      expect(spans.map((span) => span.name)).toEqual(Array(3).fill('chat gpt-4o-mini-2024-07-18'));
      expect(JSON.stringify(spans[0]?.attributes)).toContain('"gen_ai.usage.input_tokens"');
      expect(JSON.stringify(collector.requests.map((request) => request.rawBody))).not.toContain(upstreamKey);
    } finally {
      await collector.close();
    }
  });
});
