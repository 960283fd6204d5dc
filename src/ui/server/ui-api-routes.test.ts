// The UI's Routes, Monitors and capture endpoints in process, over a real store and a real gateway config: the
// route rows are the ones `yardstick routes` computes, a changed price makes a record stale with its reason, the
// drift marks agree with `yardstick monitor`'s test, and capture writes the case `yardstick capture` would,
// refusing paths outside the capture folder, traces that kept no conversation, and writes from other sites.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { routeBasis } from '../../cli/route-basis.js';
import { type LoadedGatewayConfig, loadGatewayConfig } from '../../gateway/load-gateway-config.js';
import { measureRoutes } from '../../monitor/measure-drift.js';
import type { TraceInput } from '../../store/contract/gateway-store.js';
import type { MonitorSampleInput } from '../../store/contract/monitor-store.js';
import type { NewQualification } from '../../store/contract/qualification-store.js';
import type { Stores } from '../../store/contract/stores.js';
import { openSqliteStores } from '../../store/sqlite/open-sqlite.js';
import type { CaptureResult, MonitorsView, RoutesView, RouteView, TracesPage } from '../api-types.js';
import type { UiContext } from './ui-context.js';
import { openUiData } from './ui-data.js';
import { createUiHandler, type UiResponse } from './ui-server.js';

const hour = 3_600_000;
const now = Date.parse('2026-11-29T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const token = 'the-ui-token-0123456789';

let dir: string;
let stores: Stores;
let loaded: LoadedGatewayConfig;

const suiteYaml = `name: faq
prompts: ["{{q}}"]
models: [{ id: openai:ignored }]
tests:
  - { vars: { q: "bags?" }, assert: [ { type: contains, value: "23 kg" } ] }
`;

const gatewayYaml = `providers:
  up: { type: openai, baseUrl: http://127.0.0.1:9/v1, apiKeyEnv: UP_KEY }
routes:
  faq:
    policy: cheapest-passing
    qualify: { suite: suites/faq.yaml, minPassRate: 0.8 }
    monitor: { sample: 1, maxDrop: 0.1, assert: [ { type: contains, value: "kg" } ] }
    targets:
      - { model: up:big, price: { input: 10, output: 30 } }
      - { model: up:small, price: { input: 0.1, output: 0.2 } }
  plain:
    capture: true
    targets: [ { model: up:big, price: { input: 10, output: 30 } } ]
`;

const trace = (id: string, at: number, route: string, bodies: boolean): TraceInput => ({
  id,
  startedAt: iso(at),
  keyId: null,
  keyName: 'team-a',
  route,
  requestedModel: route,
  endpoint: '/v1/chat/completions',
  stream: false,
  status: 200,
  provider: 'up',
  model: 'small',
  errorCode: null,
  errorMessage: null,
  attempts: [{ provider: 'up', model: 'small', status: 200, latencyMs: 5, error: null }],
  inputTokens: 10,
  cachedInputTokens: null,
  outputTokens: 5,
  reasoningTokens: null,
  costUsd: 0.001,
  ttftMs: null,
  latencyMs: 7,
  cacheHit: false,
  requestJson: bodies
    ? JSON.stringify({ model: route, messages: [{ role: 'user', content: `<b>how many bags</b> ${id}` }] })
    : null,
  responseJson: bodies
    ? JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'Two bags of 23 kg.' } }] })
    : null,
});

const sample = (traceId: string, at: number, pass: boolean): MonitorSampleInput => ({
  traceId,
  startedAt: iso(at),
  route: 'faq',
  model: 'up:small',
  scored: true,
  pass,
  score: pass ? 1 : 0,
  notScoredReason: null,
  checks: [{ type: 'contains', pass, score: pass ? 1 : 0, reason: pass ? 'found' : 'no "kg"' }],
  judgeCostUsd: null,
  messages: [{ role: 'user', content: `question ${traceId}` }],
  output: pass ? 'Two bags of 23 kg.' : 'Not sure.',
  toolCalls: [],
  scoredAt: iso(at + 1000),
});

const qualification = async (priceOfSmall: number): Promise<NewQualification> => {
  const { basis } = await routeBasis(loaded.routes.get('faq') as never);
  return {
    route: 'faq',
    createdAt: iso(now - 2 * 86_400_000),
    runId: 'run-q',
    suitePath: join(dir, 'suites', 'faq.yaml'),
    suiteHash: basis.suiteHash,
    rule: basis.rule,
    priceTableVersion: basis.priceTableVersion,
    targets: basis.targets.map((target) =>
      target.model === 'up:small' && target.price
        ? { ...target, price: { ...target.price, input: priceOfSmall } }
        : target,
    ),
    candidates: [
      {
        model: 'up:big',
        passRate: 1,
        passRateCi95: [0.9, 1],
        costPer1kCallsUsd: 2.5,
        latencyMs: { p95: 900 },
        qualified: true,
      },
      {
        model: 'up:small',
        passRate: 0.95,
        passRateCi95: [0.85, 0.99],
        costPer1kCallsUsd: 0.05,
        latencyMs: { p95: 300 },
        qualified: true,
      },
    ],
    chosen: 'up:small',
    order: ['up:small', 'up:big'],
    reason: 'up:small is the cheapest target that passes',
  };
};

let context: UiContext;
const handler = (extra: Partial<UiContext> = {}, withToken?: string) =>
  createUiHandler({
    data: openUiData(stores),
    token: withToken,
    assets: new Map(),
    context: { ...context, ...extra },
  });
const body = <T>(response: UiResponse): T => JSON.parse(String(response.body)) as T;
const get = async <T>(url: string, extra: Partial<UiContext> = {}): Promise<{ status: number; body: T }> => {
  const response = await handler(extra)({ method: 'GET', url, headers: { host: '127.0.0.1:4242' } });
  return { status: response.status, body: body<T>(response) };
};
const capture = async (
  traceId: string,
  payload: unknown,
  options: { headers?: Record<string, string>; extra?: Partial<UiContext>; token?: string } = {},
) => {
  const response = await handler(
    options.extra,
    options.token,
  )({
    method: 'POST',
    url: `/api/traces/${encodeURIComponent(traceId)}/capture`,
    headers: {
      host: '127.0.0.1:4242',
      'content-type': 'application/json',
      origin: 'http://127.0.0.1:4242',
      ...options.headers,
    },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  return {
    status: response.status,
    body: body<CaptureResult & { error: { code: string; message: string } }>(response),
  };
};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yardstick-ui-routes-'));
  mkdirSync(join(dir, 'suites'));
  writeFileSync(join(dir, 'suites', 'faq.yaml'), suiteYaml);
  writeFileSync(join(dir, 'gateway.yaml'), gatewayYaml);
  loaded = await loadGatewayConfig(join(dir, 'gateway.yaml'));
  stores = openSqliteStores(join(dir, 'yardstick.db'));
  context = {
    gateway: loaded,
    basisOf: async (route) => (await routeBasis(route)).basis,
    now: () => now,
  };
  const gateway = stores.gateway;
  // 70 requests on faq in the last 7 days: 10 a day
  await gateway.insertTraces(
    Array.from({ length: 70 }, (_, index) =>
      trace(`faq-${index}`, now - (index + 1) * 2 * hour, 'faq', false),
    ),
  );
  await gateway.insertTraces([
    trace('captured', now - hour, 'plain', true),
    trace('bare', now - hour, 'plain', false),
  ]);
  // five hours of samples: 19 of 20 pass, then the last hour only 8 of 20
  const monitor = stores.monitor;
  const samples: MonitorSampleInput[] = [];
  for (let bucket = 5; bucket >= 1; bucket -= 1) {
    for (let index = 0; index < 20; index += 1) {
      const pass = bucket === 1 ? index < 8 : index !== 0;
      samples.push(sample(`s-${bucket}-${index}`, now - bucket * hour + index * 60_000, pass));
    }
  }
  await monitor.insertSamples(samples);
});
afterEach(async () => {
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/routes', () => {
  it('lists every route of the config: the policy, what it serves, the record age, and staleness with its reason', async () => {
    await stores.qualifications.insert(await qualification(0.1));
    const { status, body: view } = await get<RoutesView>('/api/routes');
    expect(status).toBe(200);
    expect(view.source).toBe('config');
    const [faq, plain] = view.routes;
    expect(faq).toMatchObject({
      route: 'faq',
      policy: 'cheapest-passing',
      serving: 'up:small',
      chosen: 'up:small',
      qualified: true,
      stale: false,
      staleReasons: [],
      recordAgeSeconds: 2 * 86_400,
    });
    expect(plain).toMatchObject({ route: 'plain', policy: 'ordered', serving: 'up:big', stale: null });
  });

  it('says a record is stale when a target’s price changed since, and why', async () => {
    await stores.qualifications.insert(await qualification(0.3));
    const faq = (await get<RoutesView>('/api/routes')).body.routes[0];
    expect(faq?.stale).toBe(true);
    expect(faq?.staleReasons.join()).toContain('the price of up:small changed from $0.3/$0.2');
  });

  it('without a gateway config, lists the routes found in qualification records, staleness unknown', async () => {
    await stores.qualifications.insert(await qualification(0.1));
    const { body: view } = await get<RoutesView>('/api/routes', { gateway: undefined });
    expect(view.source).toBe('records');
    expect(view.routes).toEqual([
      expect.objectContaining({ route: 'faq', chosen: 'up:small', serving: null, stale: null }),
    ]);
  });
});

describe('GET /api/routes/<route>', () => {
  it('shows the record: candidates, order, reason, and the saving per day at the traced volume', async () => {
    await stores.qualifications.insert(await qualification(0.1));
    const { status, body: view } = await get<RouteView>('/api/routes/faq');
    expect(status).toBe(200);
    expect(view.record?.order).toEqual(['up:small', 'up:big']);
    expect(view.record?.candidates.map((candidate) => candidate.model)).toEqual(['up:big', 'up:small']);
    expect(view.record?.reason).toContain('cheapest');
    expect(view.volume.perDay).toBeCloseTo(10, 10);
    // (2.50 − 0.05) per 1,000 calls, at 10 calls a day
    expect(view.saving).toEqual({ from: 'up:big', to: 'up:small', perDayUsd: expect.closeTo(0.0245, 10) });
  });

  it('is a 404 naming the route for one the config does not have', async () => {
    const { status, body: answer } = await get<{ error: { code: string; message: string } }>(
      '/api/routes/nope',
    );
    expect(status).toBe(404);
    expect(answer.error.message).toContain('no route "nope" in the gateway config');
  });

  it('shows a route of the config that has no record yet, stale for that reason', async () => {
    const { body: view } = await get<RouteView>('/api/routes/faq');
    expect(view.record).toBeNull();
    expect(view.listing.staleReasons).toEqual(['no qualification record']);
    expect(view.saving).toBeNull();
  });
});

describe('GET /api/monitors', () => {
  it('gives each bucket its pass rate and interval, and marks drift exactly where `yardstick monitor` would', async () => {
    await stores.qualifications.insert(await qualification(0.1));
    const { status, body: view } = await get<MonitorsView>(
      `/api/monitors?bucket=hour&since=${iso(now - 6 * hour)}&until=${iso(now)}`,
    );
    expect(status).toBe(200);
    const [series] = view.series;
    expect(series).toMatchObject({
      route: 'faq',
      model: 'up:small',
      qualificationPassRate: 0.95,
      maxDrop: 0.1,
    });
    expect(series?.points.map((point) => [point.samples, point.passed, point.drift])).toEqual([
      [20, 19, false],
      [20, 19, false],
      [20, 19, false],
      [20, 19, false],
      [20, 8, true],
    ]);
    const last = series?.points.at(-1);
    const monitor = await measureRoutes(stores.monitor, {
      since: last?.start ?? '',
      until: last?.end ?? '',
      maxDrop: () => 0.1,
    });
    expect(monitor[0]?.drift).toBe(true);
    expect(last?.pDrift).toBe(monitor[0]?.pDrift);
    expect(last?.passRateCi95).toEqual(monitor[0]?.passRateCi95);
    expect(last?.reference).toBe(0.95);
  });

  it('without a qualification record, tests each bucket against the one before', async () => {
    const { body: view } = await get<MonitorsView>(
      `/api/monitors?since=${iso(now - 6 * hour)}&until=${iso(now)}`,
    );
    const points = view.series[0]?.points ?? [];
    expect(view.series[0]?.qualificationPassRate).toBeNull();
    expect(points[0]?.reference).toBeNull();
    expect(points[1]?.reference).toBeCloseTo(0.95, 10);
    expect(points.at(-1)?.drift).toBe(true);
  });

  it.each([
    ['/api/monitors?bucket=week', 'bucket:'],
    ['/api/monitors?since=2026-11-29T12:00:00Z&until=2026-11-28', 'must be before'],
    ['/api/monitors?window=1h', 'unknown parameter window'],
  ])('%s is a 400 naming the parameter', async (url, message) => {
    const { status, body: answer } = await get<{ error: { message: string } }>(url);
    expect(status).toBe(400);
    expect(answer.error.message).toContain(message);
  });
});

describe('GET /api/traces?monitor=failed', () => {
  it('lists only the traces whose monitor sample failed', async () => {
    await stores.gateway.insertTraces([trace('s-1-9', now - hour + 9 * 60_000, 'faq', false)]);
    await stores.gateway.insertTraces([trace('s-1-1', now - hour + 60_000, 'faq', false)]);
    const { body: page } = await get<TracesPage>('/api/traces?monitor=failed');
    expect(page.traces.map((row) => row.id)).toEqual(['s-1-9']);
    expect((await get('/api/traces?monitor=passed')).status).toBe(400);
  });
});

describe('POST /api/traces/<id>/capture', () => {
  it('appends the case `yardstick capture` writes, once, and says where it landed', async () => {
    const suites = join(dir, 'suites');
    const first = await capture(
      'captured',
      { file: 'regressions/bags.jsonl', expect: ['contains:"23 kg"'] },
      {
        extra: { captureDir: suites },
      },
    );
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      caseId: 'trace-captured',
      file: join('regressions', 'bags.jsonl'),
      appended: true,
    });
    const again = await capture(
      'captured',
      { file: 'regressions/bags.jsonl' },
      { extra: { captureDir: suites } },
    );
    expect(again.body.appended).toBe(false);
    const lines = readFileSync(join(suites, 'regressions', 'bags.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '{}') as { id: string; messages: unknown[]; assert: unknown[] };
    expect(entry.id).toBe('trace-captured');
    expect(entry.messages).toEqual([{ role: 'user', content: '<b>how many bags</b> captured' }]);
    expect(entry.assert).toEqual([{ type: 'contains', value: '23 kg' }]);
  });

  it('writes under the folder of the route’s qualify suite when no --capture-dir is given', async () => {
    const { status, body: result } = await capture('s-1-0', { file: 'regressions.jsonl' });
    expect(status).toBe(200);
    expect(result.appended).toBe(true);
    expect(readFileSync(join(dir, 'suites', 'regressions.jsonl'), 'utf8')).toContain('"id":"trace-s-1-0"');
  });

  it.each([
    ['../outside.jsonl', 'outside the capture folder'],
    ['a/../../outside.jsonl', 'outside the capture folder'],
    ['/tmp/outside.jsonl', 'relative to the capture folder'],
    ['cases.csv', 'name the file *.jsonl'],
  ])('refuses %s with a 403 saying why', async (file, message) => {
    const { status, body: answer } = await capture('captured', { file }, { extra: { captureDir: dir } });
    expect(status).toBe(403);
    expect(answer.error.message).toContain(message);
  });

  it('refuses a path that a symbolic link takes outside the folder', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'yardstick-elsewhere-'));
    symlinkSync(elsewhere, join(dir, 'suites', 'link'));
    const { status } = await capture(
      'captured',
      { file: 'link/x.jsonl' },
      { extra: { captureDir: join(dir, 'suites') } },
    );
    expect(status).toBe(403);
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('is a 409 saying how to keep bodies for a trace that kept no conversation, and a 404 for no trace', async () => {
    const bare = await capture('bare', { file: 'r.jsonl' }, { extra: { captureDir: dir } });
    expect(bare.status).toBe(409);
    expect(bare.body.error.message).toContain('set capture: true or monitor: on the route');
    expect((await capture('ghost', { file: 'r.jsonl' }, { extra: { captureDir: dir } })).status).toBe(404);
  });

  it('refuses a body that is not the documented JSON, and a write from another site', async () => {
    const extra = { captureDir: dir };
    expect((await capture('captured', '{', { extra })).status).toBe(400);
    const unknown = await capture('captured', { file: 'r.jsonl', path: 'x' }, { extra });
    expect(unknown.body.error.message).toContain('unknown field path');
    const badExpect = await capture('captured', { file: 'r.jsonl', expect: ['has:x'] }, { extra });
    expect(badExpect.status).toBe(400);
    expect(badExpect.body.error.message).toContain('write kind:text');
    const form = await capture('captured', 'file=x.jsonl', {
      extra,
      headers: { 'content-type': 'text/plain' },
    });
    expect(form.status).toBe(415);
    const crossSite = await capture(
      'captured',
      { file: 'r.jsonl' },
      { extra, headers: { origin: 'https://evil.example' } },
    );
    expect(crossSite.status).toBe(403);
    expect(
      (await handler()({ method: 'POST', url: '/api/routes', headers: { host: '127.0.0.1' } })).status,
    ).toBe(405);
  });

  it('needs the UI token when one is set', async () => {
    const extra = { captureDir: dir };
    expect((await capture('captured', { file: 'r.jsonl' }, { extra, token })).status).toBe(401);
    const allowed = await capture(
      'captured',
      { file: 'r.jsonl' },
      {
        extra,
        token,
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(allowed.status).toBe(200);
  });
});
