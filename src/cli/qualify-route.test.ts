// qualifyRoute with a reference: each target is compared with the reference case by case (paired), and the
// cheapest one shown non-inferior within maxDrop serves; the record holds what the gateway and `routes` read.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../gateway/load-gateway-config.js';
import { openSqliteStores } from '../store/sqlite/open-sqlite.js';
import { type FakeServer, openaiChatCompletion, startFakeServer } from '../testing/fake-server.js';
import { lastUserMessage } from '../testing/openai-compatible-echo.js';
import { qualifyRoute } from './qualify-route.js';
import { routeBasis } from './route-basis.js';

const cases = 200;
const wrongOn: Record<string, (n: number) => boolean> = {
  big: () => false,
  mid: (n) => n % 100 === 0,
  small: (n) => n % 5 < 2,
};

describe('qualifyRoute with a reference', () => {
  let upstream: FakeServer;
  beforeAll(async () => {
    upstream = await startFakeServer((request) => {
      const body = request.body as { model: string };
      const n = Number(lastUserMessage(body));
      return {
        status: 200,
        json: openaiChatCompletion({
          content: String(wrongOn[body.model]?.(n) ? n + 2 : n + 1),
          usage: { prompt_tokens: 100, completion_tokens: 10 },
        }),
      };
    });
  });
  afterAll(async () => {
    await upstream.close();
  });

  it('chooses the cheapest target shown at most maxDrop worse than the reference, and records why', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-qualify-'));
    writeFileSync(
      path.join(dir, 'suite.yaml'),
      `name: add-one
prompts: [ { id: app, messages: [ { role: user, content: "{{n}}" } ] } ]
models: [ { id: openai:ignored } ]
tests:
${Array.from({ length: cases }, (_, n) => `  - { vars: { n: ${n} }, assert: [ { type: equals, value: "${n + 1}" } ] }`).join('\n')}
`,
    );
    writeFileSync(
      path.join(dir, 'gateway.yaml'),
      `providers:
  up: { type: openai, baseUrl: ${upstream.url}/v1, apiKeyEnv: UP_KEY }
routes:
  add:
    policy: cheapest-passing
    qualify: { suite: suite.yaml, reference: up:big, maxDrop: 0.05 }
    targets:
      - { model: up:big, price: { input: 10, output: 30 } }
      - { model: up:mid, price: { input: 1, output: 2 } }
      - { model: up:small, price: { input: 0.1, output: 0.2 } }
      - { model: up:nokey, price: { input: 0.01, output: 0.01 } }
`,
    );
    const loaded = await loadGatewayConfig(path.join(dir, 'gateway.yaml'));
    const route = loaded.routes.get('add');
    if (!route) throw new Error('no route');
    // a target whose key is missing is skipped by the runner, and so not qualified
    const nokey = route.targets[3];
    if (nokey) nokey.config = { ...nokey.config, apiKeyEnv: 'MISSING_KEY' };
    const prepared = await routeBasis(route);
    const dbPath = path.join(dir, 'y.db');
    const stores = openSqliteStores(dbPath);
    const { runs: store, qualifications: records } = stores;
    try {
      const qualified = await qualifyRoute(prepared, {
        store,
        records,
        cache: undefined,
        env: { UP_KEY: 'sk-test' },
        abortSignal: new AbortController().signal,
        onEvent: () => {},
      });
      if (qualified.status !== 'recorded') throw new Error('aborted');
      const { record } = qualified;
      expect(record.chosen).toBe('up:mid');
      expect(record.order).toEqual(['up:mid', 'up:big', 'up:small', 'up:nokey']);
      expect(record.reason).toMatch(
        /^up:mid is the cheapest target shown to be at most 5\.0 points worse than the reference up:big/,
      );
      const byModel = new Map(record.candidates.map((candidate) => [candidate.model, candidate]));
      expect(byModel.get('up:small')).toMatchObject({ qualified: false, passRate: 0.6 });
      expect(byModel.get('up:small')?.note).toMatch(/^fail: .*non-inferiority gate fails/);
      expect(byModel.get('up:nokey')).toMatchObject({ qualified: false, passRate: null });
      expect(byModel.get('up:nokey')?.note).toMatch(/^did not run: .*MISSING_KEY/);
      expect(await records.latest()).toEqual([record]);
      expect((await store.getRun(record.runId))?.status).toBe('completed');
      expect(record.rule).toEqual({ reference: 'up:big', maxDrop: 0.05, repeat: 1 });
    } finally {
      await stores.close();
    }
  }, 60_000);

  it('resumes an interrupted qualification on the next run, calling no case twice', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-qualify-'));
    writeFileSync(
      path.join(dir, 'suite.yaml'),
      `name: add-one
prompts: [ { id: app, messages: [ { role: user, content: "{{n}}" } ] } ]
models: [ { id: openai:ignored } ]
concurrency: 1
tests:
${Array.from({ length: 40 }, (_, n) => `  - { vars: { n: ${n} }, assert: [ { type: equals, value: "${n + 1}" } ] }`).join('\n')}
`,
    );
    writeFileSync(
      path.join(dir, 'gateway.yaml'),
      `providers:
  up: { type: openai, baseUrl: ${upstream.url}/v1, apiKeyEnv: UP_KEY }
routes:
  add:
    policy: cheapest-passing
    qualify: { suite: suite.yaml, minPassRate: 0.5 }
    targets: [ { model: up:big, price: { input: 10, output: 30 } }, { model: up:mid, price: { input: 1, output: 2 } } ]
`,
    );
    const route = (await loadGatewayConfig(path.join(dir, 'gateway.yaml'))).routes.get('add');
    if (!route) throw new Error('no route');
    const prepared = await routeBasis(route);
    const dbPath = path.join(dir, 'y.db');
    const stores = openSqliteStores(dbPath);
    const { runs: store, qualifications: records } = stores;
    const before = upstream.requests.length;
    try {
      const controller = new AbortController();
      let results = 0;
      const deps = {
        store,
        records,
        cache: undefined,
        env: { UP_KEY: 'sk-test' },
        abortSignal: controller.signal,
        onEvent: (event: { type: string }) => {
          if (event.type === 'result' && ++results === 30) controller.abort();
        },
      };
      const interrupted = await qualifyRoute(prepared, deps);
      expect(interrupted.status).toBe('aborted');
      expect(await records.latest()).toEqual([]);
      const resumed = await qualifyRoute(prepared, { ...deps, abortSignal: new AbortController().signal });
      if (resumed.status !== 'recorded' || interrupted.status !== 'aborted') throw new Error('not recorded');
      expect(resumed.record.runId).toBe(interrupted.runId);
      expect(resumed.record.chosen).toBe('up:mid');
      // 2 targets × 40 cases, each asked once across both sessions
      expect(upstream.requests.length - before).toBe(80);
    } finally {
      await stores.close();
    }
  }, 60_000);
});
