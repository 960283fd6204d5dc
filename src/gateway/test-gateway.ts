// For the gateway's tests only: a gateway in this process from a gateway.yaml text, with a fresh store, one key and
// fake upstreams, listening on a free loopback port; everything it opened is closed by `close()`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GatewayStore, TraceRow } from '../store/contract/gateway-store.js';
import type { MonitorStore } from '../store/contract/monitor-store.js';
import type { QualificationRecord, QualificationStore } from '../store/contract/qualification-store.js';
import { openSqliteStores } from '../store/sqlite/open-sqlite.js';
import { collect } from '../testing/collect.js';
import type { FakeServer } from '../testing/fake-server.js';
import { createApiKey, type NewKeyOptions } from './api-keys.js';
import { createGateway, type GatewayOptions } from './gateway.js';
import { loadGatewayConfig, type ResolvedRoute, type ResolvedTarget } from './load-gateway-config.js';
import { type RunningServer, startGatewayServer } from './server.js';

export const testUpstreamSecret = 'sk-upstream-secret-do-not-leak-7Qx';

export interface TestGateway {
  url: string;
  key: string;
  store: GatewayStore;
  /** Where monitored routes' samples are stored (scored on this thread). */
  monitorStore: MonitorStore;
  /** Qualification records, in the same store; the gateway polls them. */
  records: QualificationStore;
  dbPath: string;
  logs: string[];
  server: RunningServer;
  /** Every trace written so far, newest first (call after `server.close()` to see them all). */
  traces(): Promise<TraceRow[]>;
  close(): Promise<void>;
}

/** `providers:` naming each fake server `up`, `up1`, `up2`… as an OpenAI-compatible provider. */
export const openaiProviders = (...servers: FakeServer[]): string =>
  `providers:\n${servers.map((server, index) => `  up${index === 0 ? '' : index}: { type: openai, baseUrl: ${server.url}/v1, apiKeyEnv: UP_KEY }\n`).join('')}`;

export const startTestGateway = async (
  configYaml: string,
  options: {
    key?: NewKeyOptions;
    gateway?: Partial<Omit<GatewayOptions, 'loaded' | 'store' | 'env'>>;
    upstreams?: FakeServer[];
  } = {},
): Promise<TestGateway> => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-gateway-'));
  const configPath = path.join(dir, 'gateway.yaml');
  writeFileSync(configPath, configYaml);
  const loaded = await loadGatewayConfig(configPath);
  const dbPath = path.join(dir, 'yardstick.db');
  const stores = openSqliteStores(dbPath);
  const store = stores.gateway;
  const { key } = await createApiKey(store, options.key ?? { name: 'team-a' });
  const monitorStore = stores.monitor;
  const records = stores.qualifications;
  const logs: string[] = [];
  const gateway = createGateway({
    loaded,
    store,
    monitorStore,
    qualifications: records,
    env: { UP_KEY: testUpstreamSecret },
    log: (line) => logs.push(line),
    ...options.gateway,
  });
  // shared limits and cache (gateway.yaml `limits.redis`, `cache.store: redis`) are connected before the first request
  await gateway.ready(2_000);
  const server = await startGatewayServer(gateway, '127.0.0.1', 0);
  let closed = false;
  return {
    url: server.url,
    key,
    store,
    monitorStore,
    records,
    dbPath,
    logs,
    server,
    traces: () => collect(store.traces({})),
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      await stores.close();
      for (const upstream of options.upstreams ?? []) await upstream.close();
    },
  };
};

/** A route target as load-gateway-config resolves it, for the steps' unit tests. */
export const testTarget = (model: string, weight = 1): ResolvedTarget => ({
  name: `up:${model}`,
  providerType: 'openai',
  config: { id: `openai:${model}` },
  weight,
});

/** A route with the config's defaults, for the steps' unit tests. */
export const testRoute = (overrides: Partial<ResolvedRoute> = {}): ResolvedRoute => ({
  name: 'chat',
  mode: 'fallback',
  policy: 'ordered',
  targets: [testTarget('gpt-4o-mini')],
  fallbackOn: ['429', '5xx', 'timeout', 'network'],
  timeoutMs: 60_000,
  retries: 0,
  circuitBreaker: { failures: 5, coolDownMs: 30_000 },
  capture: false,
  dropUnsupported: false,
  ...overrides,
});

/** A qualification record of `route` whose serving order is `order` (target names, the first chosen). */
export const testQualification = (
  route: string,
  order: string[],
  chosen = order[0] ?? null,
): QualificationRecord => ({
  id: 1,
  route,
  createdAt: '2026-11-29T12:00:00.000Z',
  runId: 'run-1',
  suitePath: '/suites/chat.yaml',
  suiteHash: 'hash',
  rule: { minPassRate: 0.8, repeat: 1 },
  priceTableVersion: 'v1',
  targets: order.map((model) => ({ model, price: null })),
  candidates: order.map((model) => ({
    model,
    passRate: 1,
    passRateCi95: [0.9, 1],
    costPer1kCallsUsd: null,
    latencyMs: { p95: null },
    qualified: model === chosen,
  })),
  chosen,
  order,
  reason: 'test',
});
