// UI benchmark: a store of 1,000 runs (3 models x 100 cases each) and 1,000,000 gateway traces, then the server
// time of the first page of each list (in process, 20 times each after a warm-up) and the time Chromium takes to
// draw the runs and traces pages (from navigation to the page saying it is drawn). Run with `npm run bench:ui`.
// Options: --runs N, --cases N, --traces N, --db path (reuse or keep a store), --repeat N, --skip-browser.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openSqliteDatabase, openSqliteStores } from '../src/store/sqlite/open-sqlite.js';
import { launchChromium } from '../src/testing/launch-chromium.js';
import { loadStaticAssets } from '../src/ui/server/static-assets.js';
import { openUiData } from '../src/ui/server/ui-data.js';
import { createUiHandler, startUiServer } from '../src/ui/server/ui-server.js';
import { fillKeys, fillRuns, fillTraces } from './lib/fill-ui-store.js';

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    cases: { type: 'string', default: '100' },
    traces: { type: 'string', default: '1000000' },
    db: { type: 'string' },
    repeat: { type: 'string', default: '20' },
    'skip-browser': { type: 'boolean', default: false },
  },
});
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.join(benchDir, '..', 'dist', 'ui', 'web');
const repeat = Math.max(1, Number(options.repeat));
const temp = options.db ? undefined : mkdtempSync(path.join(os.tmpdir(), 'yardstick-ui-bench-'));
const dbPath = options.db ?? path.join(temp ?? '', 'yardstick.db');
const now = new Date();

const timed = <T>(work: () => T): [T, number] => {
  const start = performance.now();
  const value = work();
  return [value, performance.now() - start];
};
const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

// filled with raw SQL on a connection of its own; the UI reads through the store contract
const db = openSqliteDatabase(dbPath);
const existing = (db.prepare('SELECT COUNT(*) AS n FROM traces').get() as { n: number }).n;
if (existing === 0) {
  const models = ['openai:gpt-4o', 'openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'];
  const fill = {
    runs: Number(options.runs),
    casesPerRun: Number(options.cases),
    models,
    traces: Number(options.traces),
    now,
  };
  const [results, runSeconds] = timed(() => fillRuns(db, fill));
  const [, traceSeconds] = timed(() => fillTraces(db, fill));
  fillKeys(db, now);
  db.pragma('optimize');
  console.log(
    `filled ${dbPath}: ${fill.runs} runs with ${results} results in ${(runSeconds / 1000).toFixed(1)} s, ` +
      `${fill.traces} traces in ${(traceSeconds / 1000).toFixed(1)} s`,
  );
} else console.log(`reusing ${dbPath} (${existing} traces)`);

const assets = loadStaticAssets(webDir);
const stores = openSqliteStores(dbPath);
const newHandler = () => createUiHandler({ data: openUiData(stores), token: undefined, assets });
const handle = newHandler();
const newestRun = (db.prepare('SELECT id FROM runs ORDER BY started_at DESC LIMIT 1').get() as { id: string })
  .id;
const endpoints = [
  ['runs, first page', '/api/runs'],
  ['runs of one suite', '/api/runs?suite=support-agent'],
  ['runs with one model', '/api/runs?model=anthropic:claude-haiku-4-5'],
  ['runs, 20th page', ''],
  ['one run (summary, frontier)', `/api/runs/${newestRun}`],
  ["a run's cases, first page", `/api/runs/${newestRun}/cases`],
  ['traces, first page', '/api/traces'],
  ['traces, 1,000th page', ''],
  ['traces of a rare route', '/api/traces?route=rare-route'],
  ['traces, errors only', '/api/traces?status=error'],
  ['traces of one key', '/api/traces?key=team-c'],
  ['traces of one model', '/api/traces?model=anthropic:claude-haiku-4-5'],
  ['traces since 1h', '/api/traces?since=1h'],
  ['spend per key per day, 7 days', '/api/spend?by=key&bucket=day'],
  ['spend per key per day, 30 days', '/api/spend?by=key&bucket=day&since=30d'],
  ['spend per route per hour, 48 h', '/api/spend?by=route&bucket=hour'],
];
/** The URL of a deep page, reached by following cursors as the pages do. */
const deepPage = async (list: 'runs' | 'traces', pages: number): Promise<string> => {
  let url = `/api/${list}`;
  for (let page = 1; page < pages; page += 1) {
    const answer = await handle({ method: 'GET', url, headers: { host: '127.0.0.1' } });
    const next = (JSON.parse(String(answer.body)) as { nextCursor: string | null }).nextCursor;
    if (next === null) break;
    url = `/api/${list}?cursor=${next}`;
  }
  return url;
};
const runsDeep = endpoints.find(([name]) => name === 'runs, 20th page');
if (runsDeep) runsDeep[1] = await deepPage('runs', 20);
const tracesDeep = endpoints.find(([name]) => name === 'traces, 1,000th page');
if (tracesDeep) tracesDeep[1] = await deepPage('traces', 1000);

const server: Array<{
  endpoint: string;
  coldMs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  bytes: number;
}> = [];
for (const [name, url = ''] of endpoints) {
  const request = { method: 'GET', url, headers: { host: '127.0.0.1' } };
  // cold: a new server (no statement prepared, nothing cached) answering its very first request, 5 times
  const cold: number[] = [];
  for (let index = 0; index < 5; index += 1) {
    const fresh = newHandler();
    const start = performance.now();
    const answer = await fresh(request);
    cold.push(performance.now() - start);
    if (answer.status !== 200)
      throw new Error(`${url}: ${answer.status} ${String(answer.body).slice(0, 200)}`);
  }
  const first = await handle(request);
  const times: number[] = [];
  for (let index = 0; index < repeat; index += 1) {
    const start = performance.now();
    await handle(request);
    times.push(performance.now() - start);
  }
  server.push({
    endpoint: name ?? url,
    coldMs: quantile(cold, 0.5),
    medianMs: quantile(times, 0.5),
    p95Ms: quantile(times, 0.95),
    maxMs: Math.max(...times, ...cold),
    bytes: String(first.body).length,
  });
}
console.log('\nserver time, in process (ms): cold = median first answer of a new server; then warm');
console.log('endpoint                          cold  median     p95     max   bytes');
for (const row of server) {
  console.log(
    `${row.endpoint.padEnd(32)} ${row.coldMs.toFixed(1).padStart(6)} ${row.medianMs.toFixed(1).padStart(7)} ${row.p95Ms.toFixed(1).padStart(7)} ${row.maxMs.toFixed(1).padStart(7)} ${String(row.bytes).padStart(7)}`,
  );
}

const render: Array<{ page: string; firstMs: number; medianMs: number; maxMs: number }> = [];
if (!options['skip-browser']) {
  const running = await startUiServer(handle, '127.0.0.1', 0);
  const browser = await launchChromium();
  for (const [name, hash] of [
    ['runs page', '#/runs'],
    ['traces page', '#/traces'],
    ['run page', `#/runs/${newestRun}`],
  ] as const) {
    const times: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      // a new context each time: nothing cached, as on a first visit
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const start = performance.now();
      await page.goto(`${running.url}/${hash}`);
      await page.waitForSelector('main [data-state="ready"]', { timeout: 30_000 });
      times.push(performance.now() - start);
      await context.close();
    }
    render.push({
      page: name,
      firstMs: times[0] ?? Number.NaN,
      medianMs: quantile(times, 0.5),
      maxMs: Math.max(...times),
    });
  }
  await browser.close();
  await running.close();
  console.log('\nrender in Chromium, navigation to drawn, fresh context each (ms)');
  for (const row of render) {
    console.log(
      `${row.page.padEnd(14)} first ${row.firstMs.toFixed(0)}  median ${row.medianMs.toFixed(0)}  max ${row.maxMs.toFixed(0)}`,
    );
  }
}

const out = path.join(benchDir, 'out');
mkdirSync(out, { recursive: true });
writeFileSync(
  path.join(out, 'ui-store.json'),
  `${JSON.stringify({ date: now.toISOString(), cpus: os.cpus().length, options, server, render }, null, 2)}\n`,
);
await stores.close();
db.close();
if (temp) rmSync(temp, { recursive: true, force: true });
