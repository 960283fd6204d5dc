// A project whose store holds what `yardstick ui` shows: two real runs of the built CLI against a fake model
// server (the second one regressed), the HTML report of the second, and real gateway traffic through an
// in-process gateway in front of a fake upstream, a `yardstick qualify` of a cheapest-passing route against that
// upstream, and the route's monitor scoring its answers (the last ones bad enough to drift). Every text a user or
// a model controls carries markup.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import { createApiKey } from '../../src/gateway/api-keys.js';
import { createGateway } from '../../src/gateway/gateway.js';
import { loadGatewayConfig } from '../../src/gateway/load-gateway-config.js';
import { startGatewayServer } from '../../src/gateway/server.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite.js';
import { collect } from '../../src/testing/collect.js';
import { openaiChatCompletion, startFakeServer } from '../../src/testing/fake-server.js';
import { makeProject, runCli } from './run-cli.js';
import { numberOf } from './suites.js';

export const hostile = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
export const upstreamSecret = 'sk-upstream-secret-for-the-ui-test-9Qz';

export interface UiProject {
  cwd: string;
  dbPath: string;
  firstRun: string;
  secondRun: string;
  /** The gateway key a client used: it must never reach the browser. */
  gatewayKey: string;
  keyHash: string;
  /** The trace whose bodies were captured. */
  capturedTrace: string;
  /** The cheapest-passing, monitored route qualified by `yardstick qualify`. */
  qualifiedRoute: string;
  /** Where the UI may write captured cases (`--capture-dir`). */
  captureDir: string;
  close(): Promise<void>;
}

/** Which numbers the shaky model gets wrong: a few in the first run, many more in the second. */
let phase: 1 | 2 = 1;
const wrong = (model: string, n: number): boolean => {
  if (model === 'steady') return n % 10 === 9;
  if (model === 'cheap') return n % 2 === 0;
  return phase === 1 ? n % 8 === 1 : n % 8 === 1 || n % 3 === 0;
};

export const makeUiProject = async (): Promise<UiProject> => {
  const models = await startFakeServer((request) => {
    const model = (request.body as { model: string }).model;
    const n = Number(numberOf(request));
    return {
      status: 200,
      json: openaiChatCompletion({
        model,
        content: wrong(model, n) ? `I think ${n + 1} ${hostile}` : `answer ${n}`,
        usage: { prompt_tokens: 500, completion_tokens: 100 },
      }),
    };
  });
  const prices = {
    steady: '{ input: 2.5, output: 10 }',
    shaky: '{ input: 0.4, output: 1.6 }',
    cheap: '{ input: 0.1, output: 0.2 }',
  };
  const modelLines = Object.entries(prices)
    .map(
      ([name, price]) =>
        `  - id: openai:${name}\n    baseUrl: ${models.url}/v1\n    apiKeyEnv: FAKE_KEY\n    price: ${price}\n`,
    )
    .join('');
  const tests = Array.from({ length: 48 }, (_, n) => {
    const id = n === 3 ? `case-3 ${hostile}` : `case-${String(n).padStart(2, '0')}`;
    return `  - id: ${JSON.stringify(id)}\n    vars: { n: ${n} }\n    assert: [ { type: contains, value: "answer ${n}" } ]`;
  }).join('\n');
  const cwd = makeProject({
    'suite.yaml': `name: ${JSON.stringify(`faq ${hostile}`)}\nprompts: ["number {{n}}"]\nmodels:\n${modelLines}tests:\n${tests}\n`,
  });
  const env = { FAKE_KEY: 'fake-model-key' };
  phase = 1;
  const first = await runCli(['eval', 'suite.yaml', '--threshold', '0', '-o', 'first.json'], { cwd, env });
  if (first.code !== 0) throw new Error(`first eval: ${first.stderr}`);
  phase = 2;
  const second = await runCli(
    ['eval', 'suite.yaml', '--no-cache', '--threshold', '0.7', '-o', 'second.json', '-o', 'report.html'],
    { cwd, env },
  );
  if (second.code !== 0 && second.code !== 1) throw new Error(`second eval: ${second.stderr}`);
  await models.close();
  const runId = (file: string) =>
    (JSON.parse(readFileSync(path.join(cwd, file), 'utf8')) as { run: { id: string } }).run.id;

  const dbPath = path.join(cwd, '.yardstick', 'yardstick.db');
  const upstream = await startFakeServer((request) => {
    const { model, messages } = request.body as { model: string; messages: Array<{ content: string }> };
    const content = messages.at(-1)?.content ?? '';
    if (content === 'fail') return { status: 502, json: { error: { message: 'upstream down' } } };
    // the qualification suite: the mini model misses one case in ten, the big one none
    const asked = /^number (\d+)$/.exec(content);
    if (asked) {
      const n = Number(asked[1]);
      return {
        status: 200,
        json: openaiChatCompletion({
          model,
          content: model === 'gpt-4o-mini' && n % 10 === 9 ? `I think ${n + 1}` : `answer ${n}`,
          usage: { prompt_tokens: 100, completion_tokens: 20 },
        }),
      };
    }
    if (content.startsWith('bad '))
      return { status: 200, json: openaiChatCompletion({ content: `I am not sure ${hostile}` }) };
    return {
      status: 200,
      json: openaiChatCompletion({
        content: `served ${hostile}`,
        usage: { prompt_tokens: 100, completion_tokens: 50 },
      }),
    };
  });
  writeFileSync(
    path.join(cwd, 'gateway.yaml'),
    `providers:\n  up: { type: openai, baseUrl: ${upstream.url}/v1, apiKeyEnv: UP_KEY }\nroutes:\n` +
      `  summarize:\n    capture: true\n    maxOutputTokens: 256\n    targets:\n      - { model: up:gpt-4o-mini, price: { input: 1, output: 2 } }\n` +
      `  classify:\n    maxOutputTokens: 256\n    targets:\n      - { model: up:gpt-4o-mini, price: { input: 1, output: 2 } }\n      - { model: up:gpt-4o, price: { input: 2, output: 8 } }\n` +
      `  answer:\n    policy: cheapest-passing\n    maxOutputTokens: 256\n    qualify: { suite: tests/answer-suite.yaml, minPassRate: 0.6 }\n` +
      `    monitor: { sample: 1, maxDrop: 0.05, assert: [ { type: contains, value: served, label: served } ] }\n` +
      `    targets:\n      - { model: up:gpt-4o, price: { input: 2, output: 8 } }\n      - { model: up:gpt-4o-mini, price: { input: 1, output: 2 } }\n`,
  );
  mkdirSync(path.join(cwd, 'tests'));
  writeFileSync(
    path.join(cwd, 'tests', 'answer-suite.yaml'),
    `name: answer\nprompts: ["number {{n}}"]\nmodels: [{ id: openai:ignored-by-qualify }]\ntests:\n${Array.from(
      { length: 20 },
      (_, n) => `  - { vars: { n: ${n} }, assert: [ { type: contains, value: "answer ${n}" } ] }`,
    ).join('\n')}\n`,
  );
  const qualified = await runCli(['qualify', '--config', 'gateway.yaml'], {
    cwd,
    env: { UP_KEY: upstreamSecret },
  });
  if (qualified.code !== 0) throw new Error(`qualify: ${qualified.stderr}`);
  const stores = openSqliteStores(dbPath);
  const store = stores.gateway;
  const { key, row } = await createApiKey(store, { name: 'team-a', budget: { usd: 5, period: 'day' } });
  const monitorStore = stores.monitor;
  const qualifications = stores.qualifications;
  const gateway = createGateway({
    loaded: await loadGatewayConfig(path.join(cwd, 'gateway.yaml')),
    store,
    monitorStore,
    qualifications,
    qualificationPollMs: 0,
    env: { UP_KEY: upstreamSecret },
    log: () => {},
  });
  const server = await startGatewayServer(gateway, '127.0.0.1', 0);
  const client = new OpenAI({ apiKey: key, baseURL: `${server.url}/v1`, maxRetries: 0 });
  for (let index = 0; index < 6; index += 1) {
    await client.chat.completions.create({
      model: 'summarize',
      messages: [{ role: 'user', content: `hello ${index} ${hostile}` }],
    });
  }
  await client.chat.completions.create({
    model: 'classify',
    messages: [{ role: 'user', content: 'sort this' }],
  });
  await client.chat.completions
    .create({ model: 'classify', messages: [{ role: 'user', content: 'fail' }] })
    .catch(() => undefined);
  // the monitored route: a dozen good answers, then bad ones, enough for `monitor` to call drift
  for (let index = 0; index < 26; index += 1) {
    await client.chat.completions.create({
      model: 'answer',
      messages: [{ role: 'user', content: `${index < 12 ? 'good' : 'bad'} question ${index} ${hostile}` }],
    });
  }
  await server.close();
  const captured = (await collect(store.traces({ route: 'summarize', limit: 1 })))[0]?.id ?? '';
  await stores.close();
  await upstream.close();
  return {
    cwd,
    dbPath,
    firstRun: runId('first.json'),
    secondRun: runId('second.json'),
    gatewayKey: key,
    keyHash: row.secretSha256,
    capturedTrace: captured,
    qualifiedRoute: 'answer',
    captureDir: path.join(cwd, 'tests'),
    close: async () => {},
  };
};
