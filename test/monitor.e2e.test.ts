// End to end: a model that starts answering badly behind a monitored route with `sample: 1`. `yardstick monitor`
// says nothing is wrong while only a few bad answers are in, then reports the drop with drift: true and exit 1
// once enough are; `traces --failed` lists them with the reasons; /metrics has the gauges; and a SIGTERM with
// samples still waiting on a judge counts and logs them as lost.
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStores } from '../src/store/sqlite/open-sqlite.js';
import { type FakeServer, openaiChatCompletion, startFakeServer } from '../src/testing/fake-server.js';
import { makeProject, runCli } from './helpers/run-cli.js';
import { askRoute, type ServedGateway, serveGateway } from './helpers/serve-gateway.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const goodAnswers = 30;
const badAnswer = 'I am not sure, please contact the airline.';

const gatewayYaml = (upstream: FakeServer, monitor: string, extra = '') =>
  `${extra}providers:\n  up: { type: openai, baseUrl: ${upstream.url}/v1, apiKeyEnv: UP_KEY }\n` +
  `routes:\n  faq:\n    targets: [{ model: up:gpt-4o-mini }]\n    monitor:\n${monitor}`;

/** Waits until the monitor stored `count` samples (scoring is off the request path, so it lags a little). */
const waitForSamples = async (db: string, count: number): Promise<void> => {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const store = openSqliteStores(db).monitor;
    const stored = (
      await store.countsIn({ since: '2000-01-01T00:00:00.000Z', until: '2999-01-01T00:00:00.000Z' })
    ).reduce((sum, row) => sum + row.samples + row.notScored, 0);
    await store.close();
    if (stored >= count) return;
    await sleep(50);
  }
  throw new Error(`the monitor did not store ${count} samples in 10 s`);
};

const stopAfter: ServedGateway[] = [];
afterAll(async () => {
  for (const gateway of stopAfter) if (gateway.child.exitCode === null) await gateway.stop();
});

describe('monitor', () => {
  it('reports drift with exit 1 once enough bad answers are in, and not before', async () => {
    let answered = 0;
    const upstream = await startFakeServer(() => {
      answered += 1;
      const content = answered <= goodAnswers ? 'You may check two bags of 23 kg each.' : badAnswer;
      return { status: 200, json: openaiChatCompletion({ content }) };
    });
    const cwd = makeProject({
      'gateway.yaml': gatewayYaml(
        upstream,
        '      sample: 1\n      assert:\n        - { type: contains, value: "not sure", not: true, label: no-hedging }\n',
      ),
    });
    const gateway = await serveGateway(cwd, { UP_KEY: 'sk-up' });
    stopAfter.push(gateway);
    const monitor = (since: string, json = true) =>
      runCli(
        [
          'monitor',
          '--config',
          'gateway.yaml',
          '--since',
          since,
          '--db',
          gateway.db,
          ...(json ? ['--json'] : []),
        ],
        {
          cwd,
        },
      );

    const started = Date.now();
    for (let index = 0; index < goodAnswers; index += 1) await askRoute(gateway, 'faq', `question ${index}`);
    const switched = Date.now();
    await waitForSamples(gateway.db, goodAnswers);
    // the window from the switch on; the one before it, as long, holds every good answer
    const since = new Date(switched).toISOString();

    for (let index = 0; index < 3; index += 1) await askRoute(gateway, 'faq', `late question ${index}`);
    await waitForSamples(gateway.db, goodAnswers + 3);
    await sleep(Math.max(0, switched - started - (Date.now() - switched)) + 10);
    const early = await monitor(since);
    expect(early.stderr).toBe('');
    expect(early.code).toBe(0);
    const [earlyRow] = JSON.parse(early.stdout).routes;
    expect(earlyRow).toMatchObject({
      route: 'faq',
      model: 'up:gpt-4o-mini',
      samples: 3,
      passed: 0,
      drift: false,
    });
    expect(earlyRow.reference).toMatchObject({
      source: 'previous-window',
      samples: goodAnswers,
      passed: goodAnswers,
    });

    for (let index = 3; index < 30; index += 1) await askRoute(gateway, 'faq', `late question ${index}`);
    await waitForSamples(gateway.db, goodAnswers + 30);
    const late = await monitor(since);
    expect(late.code).toBe(1);
    const report = JSON.parse(late.stdout);
    expect(Object.keys(report)).toEqual(['routes']);
    const [row] = report.routes;
    expect(Object.keys(row)).toEqual([
      'route',
      'model',
      'samples',
      'passed',
      'passRate',
      'passRateCi95',
      'reference',
      'drift',
      'pDrift',
    ]);
    expect(row).toMatchObject({ samples: 30, passed: 0, passRate: 0, drift: true });
    expect(row.reference.passRate).toBe(1);
    expect(row.pDrift).toBeLessThan(0.001);
    expect(row.passRateCi95[1]).toBeLessThan(0.12);
    const terminal = await monitor(since, false);
    expect(terminal.code).toBe(1);
    expect(terminal.stdout).toMatch(
      /faq {2}up:gpt-4o-mini {2}0\/30 passed {2}0\.0%.*reference 100\.0% of 30 \(window before\).*DRIFT/,
    );

    const failed = await runCli(['traces', '--failed', '--db', gateway.db, '--limit', '5'], { cwd });
    expect(failed.code).toBe(0);
    expect(failed.stdout).toContain('no-hedging: not: contains "not sure"');
    expect(failed.stdout).toContain('5 failed sample(s)');

    // the gauges are measured again a few seconds after a write at most: wait for the one after the last
    const passRateLine = 'yardstick_monitor_pass_rate{route="faq",model="up:gpt-4o-mini"} 0.5\n';
    let metrics = '';
    for (let waited = 0; waited < 15_000 && !metrics.includes(passRateLine); waited += 250) {
      metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      if (!metrics.includes(passRateLine)) await sleep(250);
    }
    expect(metrics).toContain(passRateLine);
    expect(metrics).toContain('yardstick_monitor_drift{route="faq",model="up:gpt-4o-mini"} 0\n');
    expect(metrics).toContain('yardstick_gateway_monitor_samples_stored_total 60\n');
    expect(metrics).toContain('yardstick_gateway_monitor_samples_dropped_total 0\n');

    expect(await gateway.stop()).toBe(0);
    await upstream.close();
  }, 60_000);

  it('exits 0 on a SIGTERM just after a sampled request, though the gauges arrive while the thread stops', async () => {
    // regression: a gauges message landing during the drain unref'd the scoring thread whose terminate() the
    // drain awaited, and the process ended with exit 13 (an unsettled top-level await)
    const upstream = await startFakeServer({
      status: 200,
      json: openaiChatCompletion({ content: badAnswer }),
    });
    const cwd = makeProject({
      'gateway.yaml': gatewayYaml(
        upstream,
        '      sample: 1\n      assert: [{ type: contains, value: "bags" }]\n',
      ),
    });
    for (let round = 0; round < 4; round += 1) {
      const gateway = await serveGateway(cwd, { UP_KEY: 'sk-up' });
      stopAfter.push(gateway);
      await askRoute(gateway, 'faq', 'bags?');
      expect(await gateway.stop()).toBe(0);
      expect(gateway.stderr()).toContain('stopped; 1 trace(s) written');
    }
    await upstream.close();
  }, 60_000);

  it('counts and logs the samples a SIGTERM cut off while their judge was still out', async () => {
    const upstream = await startFakeServer({
      status: 200,
      json: openaiChatCompletion({ content: 'Two bags.' }),
    });
    const judge = await startFakeServer({ hang: true });
    const cwd = makeProject({
      'gateway.yaml': gatewayYaml(
        upstream,
        '      sample: 1\n      judge: judge:grader\n      assert:\n        - { type: llm-rubric, value: "answers the question" }\n',
        'server: { drainTimeoutMs: 500 }\n',
      ).replace(
        'providers:\n',
        `providers:\n  judge: { type: openai, baseUrl: ${judge.url}/v1, apiKeyEnv: UP_KEY }\n`,
      ),
    });
    const gateway = await serveGateway(cwd, { UP_KEY: 'sk-up' });
    stopAfter.push(gateway);
    for (let index = 0; index < 5; index += 1)
      expect(await askRoute(gateway, 'faq', 'bags?')).toBe('Two bags.');
    // every sample reached the judge, which never answers
    for (let waited = 0; waited < 5_000 && judge.requests.length < 5; waited += 50) await sleep(50);
    expect(judge.requests).toHaveLength(5);
    expect(await gateway.stop()).toBe(0);
    expect(gateway.stderr()).toContain('monitor: 5 sample(s) lost: the gateway stopped before it was scored');
    const store = openSqliteStores(gateway.db).monitor;
    expect(await store.countsIn({ since: '2000-01-01', until: '2999-01-01' })).toEqual([]);
    await store.close();
    await upstream.close();
    await judge.close();
  }, 30_000);
});
