// End to end: a cheapest-passing route as a team runs it. Three priced fake targets of known accuracy (100%, 85%,
// 55%, wrong on a fixed subset of cases); `qualify` picks the cheapest that credibly passes, the running gateway
// moves its traffic there without a restart, a stricter bar moves it again, `--if-stale` makes no call when
// nothing changed, and a price change makes the route stale.
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, openaiChatCompletion, startFakeServer } from '../src/testing/fake-server.js';
import { lastUserMessage } from '../src/testing/openai-compatible-echo.js';
import { makeProject, runCli } from './helpers/run-cli.js';

const cases = 400;
/** Which cases each model gets wrong: none, 3 in 20 (85%), 9 in 20 (55%). */
const wrongOn: Record<string, (n: number) => boolean> = {
  big: () => false,
  mid: (n) => n % 20 < 3,
  small: (n) => n % 20 < 9,
};

const suiteYaml = `name: add-one
prompts:
  - id: app
    messages:
      - { role: system, content: "Add one to the number the user sends. Answer with the number only." }
      - { role: user, content: "{{n}}" }
models:
  - id: openai:ignored-by-qualify
concurrency: 16
tests:
${Array.from({ length: cases }, (_, n) => `  - { vars: { n: ${n} }, assert: [ { type: equals, value: "${n + 1}" } ] }`).join('\n')}
`;

const gatewayYaml = (upstream: string, minPassRate: number, midPrice = '{ input: 1, output: 2 }') => `
secretsFile: secrets.env
providers:
  up: { type: openai, baseUrl: ${upstream}/v1, apiKeyEnv: UP_KEY }
routes:
  add:
    policy: cheapest-passing
    qualify: { suite: add-one.yaml, minPassRate: ${minPassRate} }
    targets:
      - { model: up:big, price: { input: 10, output: 30 } }
      - { model: up:mid, price: ${midPrice} }
      - { model: up:small, price: { input: 0.1, output: 0.2 } }
`;

const waitFor = async (condition: () => Promise<boolean>, timeoutMs = 8_000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('timed out waiting for the gateway');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('yardstick qualify and a cheapest-passing route', () => {
  let upstream: FakeServer;
  beforeAll(async () => {
    upstream = await startFakeServer((request) => {
      const body = request.body as { model: string };
      const n = Number(lastUserMessage(body));
      const answer = wrongOn[body.model]?.(n) ? n + 2 : n + 1;
      return {
        status: 200,
        json: openaiChatCompletion({
          content: String(answer),
          model: body.model,
          usage: { prompt_tokens: 100, completion_tokens: 10 },
        }),
      };
    });
  });
  afterAll(async () => {
    await upstream.close();
  });

  it('serves from the cheapest target that passes, re-qualifies without a restart, and notices staleness', async () => {
    const cwd = makeProject({
      'secrets.env': 'UP_KEY=sk-routing-e2e\n',
      'add-one.yaml': suiteYaml,
      'gateway.yaml': gatewayYaml(upstream.url, 0.8),
    });
    const env = {};
    const key = (await runCli(['keys', 'create', '--name', 'app'], { cwd, env })).stdout.trim();

    let child: ChildProcess | undefined;
    let served: ReturnType<typeof runCli> | undefined;
    let url = '';
    let serveLog = '';
    await new Promise<void>((resolve) => {
      served = runCli(['serve', '--config', 'gateway.yaml', '--port', '0'], {
        cwd,
        env,
        onSpawn: (spawned) => {
          child = spawned;
          spawned.stderr?.on('data', (chunk: Buffer) => {
            serveLog += chunk.toString();
            const match = /gateway on (http:\/\/[^\s]+)\/v1/.exec(serveLog);
            if (match?.[1] && url === '') {
              url = match[1];
              resolve();
            }
          });
        },
      });
    });
    try {
      // no record yet: the listed order, and the gateway says the route is unqualified
      expect(serveLog).toMatch(/route add: unqualified \(no qualification record/);
      const ready = (await (await fetch(`${url}/readyz`)).json()) as { routes: Record<string, unknown> };
      expect(ready.routes.add).toMatchObject({ qualified: false, chosen: null });
      expect(await (await fetch(`${url}/metrics`)).text()).toContain(
        'yardstick_route_qualified{route="add"} 0',
      );
      const client = new OpenAI({ apiKey: key, baseURL: `${url}/v1`, maxRetries: 0 });
      const ask = async (): Promise<string> => {
        await client.chat.completions.create({
          model: 'add',
          messages: [
            { role: 'system', content: 'Add one to the number the user sends. Answer with the number only.' },
            { role: 'user', content: '7' },
          ],
        });
        return (upstream.requests.at(-1)?.body as { model: string }).model;
      };
      expect(await ask()).toBe('big');

      // qualify at 0.8: the 85% target's Wilson lower bound (81%) clears it; the 55% one does not
      const first = await runCli(['qualify', '--config', 'gateway.yaml', '--volume', 'auto'], { cwd, env });
      expect(first.stderr).not.toMatch(/error \[/);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/▸ up:mid +85\.0% +81\.2%–88\.2% +\$0\.1200/);
      // the one request traced so far, over 7 days
      expect(first.stdout).toContain(
        'serving up:mid instead of the first listed target up:big saves $0.0002/day at 0.1/day (traced, last 7 days)',
      );
      expect(upstream.requests).toHaveLength(1 + 3 * cases);
      // the record as --json shows it; nothing is stale, so --if-stale calls no model
      const shown = await runCli(['qualify', '--config', 'gateway.yaml', '--if-stale', '--json'], {
        cwd,
        env,
      });
      expect(shown.code).toBe(0);
      expect(shown.stderr).toMatch(/route add: up to date \(record 1 of /);
      const json = JSON.parse(shown.stdout) as {
        routes: Array<{
          route: string;
          chosen: string;
          order: string[];
          candidates: Array<Record<string, unknown>>;
        }>;
      };
      expect(json.routes).toHaveLength(1);
      expect(json.routes[0]).toMatchObject({
        route: 'add',
        chosen: 'up:mid',
        order: ['up:mid', 'up:big', 'up:small'],
        stale: false,
      });
      expect(
        json.routes[0]?.candidates.map((candidate) => [
          candidate.model,
          candidate.passRate,
          candidate.qualified,
        ]),
      ).toEqual([
        ['up:big', 1, true],
        ['up:mid', 0.85, true],
        ['up:small', 0.55, false],
      ]);
      expect(Object.keys(json.routes[0] ?? {}).sort()).toEqual(
        ['candidates', 'chosen', 'order', 'reason', 'route', 'runId', 'stale', 'suiteHash'].sort(),
      );
      expect(upstream.requests).toHaveLength(1 + 3 * cases);

      // the running gateway moves the traffic to the qualified target within seconds
      await waitFor(async () => (await ask()) === 'mid');
      expect(await (await fetch(`${url}/metrics`)).text()).toContain(
        'yardstick_route_qualified{route="add"} 1',
      );
      expect(await ask()).toBe('mid');

      // a stricter bar: only the 100% target passes; the answers come from the response cache
      writeFileSync(path.join(cwd, 'gateway.yaml'), gatewayYaml(upstream.url, 0.95));
      const callsBefore = upstream.requests.length;
      const second = await runCli(['qualify', '--config', 'gateway.yaml', '--volume', '500000/day'], {
        cwd,
        env,
      });
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/▸ up:big/);
      // mid costs $0.12 per 1,000 calls here and big $1.30: $590 a day more at 500,000 calls
      expect(second.stdout).toContain(
        'decision changed from up:mid to up:big: costs $590.00 more/day at 500000/day',
      );
      expect(upstream.requests).toHaveLength(callsBefore);
      await waitFor(async () => (await ask()) === 'big');

      // nothing changed since: --if-stale calls no model and says so
      const callsNow = upstream.requests.length;
      const unchanged = await runCli(['qualify', '--config', 'gateway.yaml', '--if-stale', '--no-cache'], {
        cwd,
        env,
      });
      expect(unchanged.code).toBe(0);
      expect(unchanged.stdout).toMatch(/route add: up to date \(record 2 of .*, serving up:big\)/);
      expect(upstream.requests).toHaveLength(callsNow);

      // a price change makes the route stale, and routes says why
      writeFileSync(
        path.join(cwd, 'gateway.yaml'),
        gatewayYaml(upstream.url, 0.95, '{ input: 0.5, output: 1 }'),
      );
      const listed = await runCli(['routes', '--config', 'gateway.yaml', '--json'], { cwd, env });
      expect(listed.code).toBe(0);
      const routes = (JSON.parse(listed.stdout) as { routes: Array<Record<string, unknown>> }).routes;
      expect(routes[0]).toMatchObject({
        route: 'add',
        policy: 'cheapest-passing',
        serving: 'up:big',
        qualified: true,
        stale: true,
        staleReasons: ['the price of up:mid changed from $1/$2 per 1M tokens to $0.5/$1 per 1M tokens'],
      });
      const table = await runCli(['routes', '--config', 'gateway.yaml'], { cwd, env });
      expect(table.stdout).toMatch(/add\s+cheapest-passing\s+up:big\s+\d+s ago\s+yes/);
    } finally {
      child?.kill('SIGTERM');
      expect((await served)?.code).toBe(0);
    }
  }, 120_000);

  it('exits 1 when no target passes, and 2 on a configuration error', async () => {
    // the 85% and 55% targets only, against a bar neither credibly reaches
    const cwd = makeProject({
      'secrets.env': 'UP_KEY=sk-routing-e2e\n',
      'add-one.yaml': suiteYaml,
      'gateway.yaml': gatewayYaml(upstream.url, 0.99).replace(/ {6}- \{ model: up:big.*\n/, ''),
    });
    const none = await runCli(['qualify', '--config', 'gateway.yaml'], { cwd, env: {} });
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/no target qualifies/);
    writeFileSync(path.join(cwd, 'gateway.yaml'), gatewayYaml(upstream.url, 1.5));
    const broken = await runCli(['qualify', '--config', 'gateway.yaml'], { cwd, env: {} });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/gateway\.yaml:\d+:\d+ routes\.add\.qualify\.minPassRate/);
  }, 60_000);
});
