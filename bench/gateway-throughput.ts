// Gateway benchmark: `yardstick serve` vs the Portkey AI gateway in front of a zero-delay OpenAI-compatible
// upstream, each in its own process, loaded with autocannon from this process. Run with `npm run bench:gateway`.
// Per target (the upstream directly, yardstick, Portkey): a 2 s warm-up (discarded), saturation (32 connections,
// 10 s) and a fixed rate (1,000 req/s over 32 connections, 10 s); added latency is each gateway's fixed-rate
// p50/p99 minus the direct run's; peak RSS is the gateway's VmHWM after its runs; CPU per request is the serving
// process's CPU time over the saturation run. Then, as a cross-check of autocannon's bursty fixed rate, 10 s at
// a smooth 1,000 req/s (bench/lib/paced-load.ts) after a smooth warm-up as long as the first (discarded); its
// verdicts are printed beside the targets, not instead.
// Options: --duration S, --warmup S, --connections N, --rate R, --skip-portkey, --cpu-prof (profile yardstick;
// its figures are then slower and not written as the latest), --keep (keep the temp dir), --policy
// cheapest-passing (yardstick's route serves from a qualification record instead of its listed order),
// --monitor S (the route's monitor scores a share S of answers with a `contains` check in its worker thread).
// Env: PORTKEY_DIR.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openStores } from '../src/store/open-stores.js';
import { UPSTREAM_CONTENT } from './lib/fake-upstream.js';
import {
  evaluateGatewayTargets,
  evaluatePacedTargets,
  formatGatewayTable,
  formatPacedTable,
  type GatewayRow,
  withAddedLatency,
} from './lib/gateway-report.js';
import { checkTarget, type LoadResult, type LoadTarget, loadProblems, runLoad } from './lib/load-test.js';
import { runPaced } from './lib/paced-load.js';
import {
  defaultPortkeyDir,
  findPortkey,
  portkeyArgs,
  portkeyHeaders,
  portkeySetupHint,
} from './lib/portkey.js';
import { formatTargets } from './lib/report.js';
import {
  cpuSeconds,
  freePort,
  peakRssMb,
  type ServerProcess,
  startServerProcess,
} from './lib/server-process.js';
import {
  type HotSpot,
  type SampleWindow,
  summarizeCpuProfile,
  summarizeCpuProfileInclusive,
} from './lib/summarize-profile.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoDir = path.dirname(benchDir);
const yardstickBin = path.join(repoDir, 'bin', 'yardstick.js');
const profileDir = path.join(benchDir, 'out', 'profiles');

const { values: opts } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '32' },
    rate: { type: 'string', default: '1000' },
    'skip-portkey': { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    policy: { type: 'string', default: 'ordered' },
    monitor: { type: 'string' },
    redis: { type: 'string' },
    store: { type: 'string' },
  },
});
/** With --redis URL: the key's budget and rate limits are counted in Redis, as replicas share them. */
const redisUrl = opts.redis;
/** With --store URL (e.g. postgres://…): keys, traces and records in that store instead of a fresh SQLite file. */
const storeUrl = opts.store;
/** With --monitor S: the route scores a share S of its answers with a deterministic check, off the request path. */
const monitorShare = opts.monitor === undefined ? undefined : Number(opts.monitor);
if (monitorShare !== undefined && !(monitorShare > 0 && monitorShare <= 1))
  throw new Error(`--monitor ${opts.monitor}: give the share of requests to score, above 0 and at most 1`);
if (opts.policy !== 'ordered' && opts.policy !== 'cheapest-passing')
  throw new Error(`--policy ${opts.policy}: use ordered or cheapest-passing`);
const durationS = Number(opts.duration);
const warmupS = Number(opts.warmup);
const connections = Number.parseInt(opts.connections, 10);
const rate = Number.parseInt(opts.rate, 10);

const messages = [{ role: 'user', content: 'Say hi' }];

interface Measured {
  warmup: LoadResult;
  saturation: LoadResult;
  rate: LoadResult;
  /** The smooth client's own warm-up, discarded. */
  pacedWarmup: LoadResult;
  paced: LoadResult;
  /** When the saturation run ran, on the monotonic clock V8 stamps profile samples with. */
  saturationWindow: SampleWindow;
}

const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

const describe = (label: string, r: LoadResult): string => {
  const problems = loadProblems(r);
  return (
    `    ${label.padEnd(10)} ${Math.round(r.requestsPerS).toLocaleString('en-US').padStart(7)} req/s, ` +
    `p50 ${r.p50Ms.toFixed(2)} ms, p90 ${r.p90Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, ` +
    `max ${r.maxMs.toFixed(1)} ms, ${r.ok2xx.toLocaleString('en-US')} x 2xx` +
    (r.serverCpuS === undefined ? '' : `, server CPU ${((r.serverCpuS / r.durationS) * 100).toFixed(0)}%`) +
    (problems.length === 0 ? '' : `  <-- ${problems.join('; ')}`)
  );
};

/** Check one request, then warm-up (discarded), saturation and fixed rate, one after the other. `pid` is the
 * process serving the target: its CPU time during saturation gives CPU per request, which unlike req/s does
 * not depend on how the 2 cores are shared with the upstream and the load generator. */
const measure = async (target: LoadTarget, pid: number): Promise<Measured> => {
  await checkTarget(target);
  console.log(`  ${target.name}: ${target.url}`);
  const warmup = await runLoad(target, { connections, durationS: warmupS });
  console.log(describe('warm-up', warmup));
  const cpuBefore = await cpuSeconds(pid);
  const startUs = monotonicUs();
  const saturation = await runLoad(target, { connections, durationS });
  const saturationWindow = { startUs, endUs: monotonicUs() };
  saturation.serverCpuS = (await cpuSeconds(pid)) - cpuBefore;
  console.log(describe('saturation', saturation));
  await sleep(500); // let the last responses' work (traces, GC) settle before the latency run
  const fixed = await runLoad(target, { connections, durationS, overallRate: rate });
  console.log(describe(`${rate}/s`, fixed));
  await sleep(500);
  // The smooth client sends other headers than autocannon (its own agent's), so the first few hundred ms of it
  // measure the gateway's JIT re-optimizing for requests of a new shape (seen with --trace-deopt: "wrong map"
  // in the header-reading functions), not its steady state: warmed up like autocannon's runs, and discarded.
  const pacedWarmup = await runPaced(target, { rate, durationS: warmupS, connections });
  console.log(describe('smooth warm-up', pacedWarmup));
  const paced = await runPaced(target, { rate, durationS, connections });
  console.log(describe('smooth', paced));
  return { warmup, saturation, rate: fixed, pacedWarmup, paced, saturationWindow };
};

const toRow = (target: string, m: Measured, peakRss: number | null): GatewayRow => ({
  target,
  saturation: m.saturation,
  rate: m.rate,
  addedP50Ms: null,
  addedP99Ms: null,
  paced: m.paced,
  pacedAddedP50Ms: null,
  pacedAddedP99Ms: null,
  peakRssMb: peakRss,
  problems: [m.warmup, m.saturation, m.rate, m.pacedWarmup, m.paced].flatMap(loadProblems),
});

const jsonTarget = (
  name: string,
  url: string,
  headers: Record<string, string>,
  model: string,
): LoadTarget => ({
  name,
  url,
  headers,
  body: JSON.stringify({ model, messages }),
  expect: UPSTREAM_CONTENT,
});

const yardstickCli = (args: string[]): string =>
  execFileSync(process.execPath, [yardstickBin, ...args], { cwd: repoDir, encoding: 'utf8' });

interface YardstickRun {
  row: GatewayRow;
  tracesLine: string;
  stoppedLine: string;
  traceLog: string[];
  /** 2xx answers the load generators got (check, warm-ups, saturation, fixed-rate runs): each has a trace. */
  answered: number;
  /** With --cpu-prof: the saturation run's top functions by self time, and the gateway's by inclusive time. */
  profile?: { file: string; window: SampleWindow; selfTime: HotSpot[]; inclusive: HotSpot[] };
}

/** With --policy cheapest-passing: the route serves its second target first, as its record says. */
const cheapestPassingRoute = [
  '    policy: cheapest-passing',
  '    qualify: { suite: suite.yaml, minPassRate: 0.9 }',
  '    targets:',
  '      - { model: up:gpt-4o, price: { input: 2.5, output: 10 } }',
  '      - { model: up:gpt-4o-mini, price: { input: 0.15, output: 0.6 } }',
];

const recordQualification = async (db: string): Promise<void> => {
  const stores = await openStores(db);
  const records = stores.qualifications;
  const candidate = (model: string, costPer1kCallsUsd: number) => ({
    model,
    passRate: 0.97,
    passRateCi95: [0.93, 0.99] as [number, number],
    costPer1kCallsUsd,
    latencyMs: { p95: 1 },
    qualified: true,
  });
  await records.insert({
    route: 'chat',
    createdAt: new Date().toISOString(),
    runId: 'bench',
    suitePath: 'suite.yaml',
    suiteHash: 'bench',
    rule: { minPassRate: 0.9, repeat: 1 },
    priceTableVersion: 'bench',
    targets: [
      { model: 'up:gpt-4o', price: { input: 2.5, output: 10 } },
      { model: 'up:gpt-4o-mini', price: { input: 0.15, output: 0.6 } },
    ],
    candidates: [candidate('up:gpt-4o-mini', 0.1), candidate('up:gpt-4o', 2)],
    chosen: 'up:gpt-4o-mini',
    order: ['up:gpt-4o-mini', 'up:gpt-4o'],
    reason: 'bench',
  });
  await stores.close();
};

/** Key, gateway.yaml, `yardstick serve` (optionally under --cpu-prof), load, then stop and read the traces back. */
const benchYardstick = async (tmp: string, upstreamBaseUrl: string): Promise<YardstickRun> => {
  const dir = path.join(tmp, 'yardstick');
  await mkdir(dir, { recursive: true });
  const db = storeUrl ?? path.join(dir, 'y.db');
  // a budget the run never reaches: every request still holds its largest cost at admission and settles after
  const key = yardstickCli([
    'keys',
    'create',
    '--name',
    'bench',
    '--budget-usd',
    '1000000/day',
    // with Redis, rate limits too: every request is admitted by one script that checks both
    ...(redisUrl === undefined ? [] : ['--rpm', '100000000']),
    '--store',
    db,
  ]).trim();
  const config = path.join(dir, 'gateway.yaml');
  await writeFile(
    config,
    [
      ...(redisUrl === undefined
        ? []
        : [`limits: { redis: ${redisUrl}, prefix: "yardstick-bench-${process.pid}-${Date.now()}:" }`]),
      'providers:',
      `  up: { type: openai, baseUrl: ${upstreamBaseUrl}, apiKeyEnv: UP_KEY }`,
      'routes:',
      '  chat:',
      ...(opts.policy === 'cheapest-passing'
        ? cheapestPassingRoute
        : ['    targets:', '      - { model: up:gpt-4o-mini, price: { input: 0.15, output: 0.6 } }']),
      // bounds each request's hold, as a budgeted key needs when the client sets no max_tokens
      '    maxOutputTokens: 256',
      ...(monitorShare === undefined
        ? []
        : [`    monitor: { sample: ${monitorShare}, assert: [ { type: contains, value: "help" } ] }`]),
      '',
    ].join('\n'),
  );
  if (opts.policy === 'cheapest-passing') await recordQualification(db);
  const port = await freePort();
  const profileFlags = opts['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  if (opts['cpu-prof']) await mkdir(profileDir, { recursive: true });
  const profilesBefore = opts['cpu-prof'] ? new Set(await readdir(profileDir)) : new Set<string>();
  const server = await startServerProcess({
    name: 'yardstick serve',
    command: process.execPath,
    args: [...profileFlags, yardstickBin, 'serve', '--config', config, '--port', String(port), '--store', db],
    cwd: dir,
    env: { ...process.env, UP_KEY: 'sk-bench' },
    logBase: path.join(dir, 'serve'),
    ready: /yardstick gateway on (http:\/\/\S+)\/v1/,
  });
  let measured: Measured;
  let peak: number;
  try {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
    const target = jsonTarget('yardstick', `${server.match}/v1/chat/completions`, headers, 'chat');
    measured = await measure(target, server.pid);
    peak = await peakRssMb(server.pid);
  } finally {
    await server.stop(30_000); // SIGTERM: it finishes the requests in flight and writes every queued trace
  }
  const stderrLines = server.stderr().split('\n');
  const stoppedLine =
    stderrLines.find((line) => line.startsWith('stopped;')) ?? '(no "stopped;" line on stderr)';
  // Dropped traces or failed writes are logged; they would mean the figures were bought by losing traces.
  const traceLog = stderrLines.filter((line) => /trace queue full|could not write/.test(line));
  const traces = yardstickCli(['traces', '--store', db, '--limit', '1']);
  const tracesLine = traces.split('\n').find((line) => /request\(s\)/.test(line)) ?? traces.trim();
  const { warmup, saturation, rate: fixed, pacedWarmup, paced } = measured;
  const answered = 1 + warmup.ok2xx + saturation.ok2xx + fixed.ok2xx + pacedWarmup.ok2xx + paced.ok2xx;
  const run: YardstickRun = {
    row: toRow('yardstick', measured, peak),
    tracesLine,
    stoppedLine,
    traceLog,
    answered,
  };
  if (opts['cpu-prof']) {
    const created = (await readdir(profileDir)).filter((name) => !profilesBefore.has(name));
    const file = created.find((name) => name.endsWith('.cpuprofile'));
    if (file !== undefined) {
      const full = path.join(profileDir, file);
      const window = measured.saturationWindow;
      run.profile = {
        file: full,
        window,
        selfTime: await summarizeCpuProfile(full, 25, window),
        // yardstick's own functions, socket writes, GC and the HTTP server's entry: where the busy time went
        inclusive: await summarizeCpuProfileInclusive(
          full,
          40,
          window,
          /dist\/|^writev |garbage collector|parserOnIncoming /,
        ),
      };
    }
  }
  return run;
};

const benchPortkey = async (tmp: string, upstreamBaseUrl: string): Promise<GatewayRow | undefined> => {
  const install = findPortkey();
  if (install === undefined) {
    console.log(portkeySetupHint(defaultPortkeyDir()));
    return undefined;
  }
  const dir = path.join(tmp, 'portkey');
  await mkdir(dir, { recursive: true });
  const port = await freePort();
  const server = await startServerProcess({
    name: 'portkey',
    command: process.execPath,
    args: portkeyArgs(install, port),
    cwd: dir,
    env: { ...process.env },
    logBase: path.join(dir, 'portkey'),
    ready: /Ready for connections/,
  });
  try {
    const target = jsonTarget(
      `portkey ${install.version}`,
      `http://127.0.0.1:${port}/v1/chat/completions`,
      portkeyHeaders(upstreamBaseUrl),
      'gpt-4o-mini',
    );
    const measured = await measure(target, server.pid);
    return toRow(`Portkey ${install.version}`, measured, await peakRssMb(server.pid));
  } finally {
    await server.stop();
  }
};

const tmp = await mkdtemp(path.join(os.tmpdir(), 'yardstick-gateway-bench-'));
// Interrupted (Ctrl-C) or crashed: the finally below never runs, so the temp dir goes here; the servers are
// killed by server-process.ts's own exit hook. Retries: a server may still be closing files in it.
process.once('exit', () => {
  if (!opts.keep) rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
});
const servers: ServerProcess[] = [];
try {
  const upstream = await startServerProcess({
    name: 'upstream',
    command: process.execPath,
    args: ['--import', 'tsx', path.join(benchDir, 'lib', 'fake-upstream.ts')],
    cwd: repoDir, // where `--import tsx` resolves
    env: { ...process.env },
    logBase: path.join(tmp, 'upstream'),
    ready: /listening (http:\/\/\S+)/,
  });
  servers.push(upstream);
  const upstreamBaseUrl = `${upstream.match}/v1`;
  console.log(
    `bench:gateway: upstream ${upstream.match} (pid ${upstream.pid}), ${connections} connections, ` +
      `${warmupS} s warm-up + ${durationS} s saturation + ${durationS} s at ${rate} req/s per target, ` +
      `${os.cpus().length} CPUs, Node ${process.version}, temp dir ${tmp}`,
  );

  const directHeaders = { 'content-type': 'application/json', authorization: 'Bearer sk-bench' };
  const direct = toRow(
    'upstream direct',
    await measure(
      jsonTarget('upstream direct', `${upstreamBaseUrl}/chat/completions`, directHeaders, 'gpt-4o-mini'),
      upstream.pid,
    ),
    null,
  );
  const ys = await benchYardstick(tmp, upstreamBaseUrl);
  console.log(`    peak RSS ${ys.row.peakRssMb?.toFixed(0)} MB; gateway: ${ys.stoppedLine}`);
  console.log(`    traces: ${ys.tracesLine.trim()}`);
  // Every answer must have its trace; the extra traces are errors, normally 499s (autocannon closes its
  // connections with requests in flight when a run ends; see `yardstick traces --errors`).
  const [, traced = '0', tracedErrors = '0'] =
    /(\d+) request\(s\), (\d+) error\(s\)/.exec(ys.tracesLine) ?? [];
  console.log(
    `    the load generator got ${ys.answered} x 2xx; traces: ${Number(traced) - Number(tracedErrors)} ok + ` +
      `${tracedErrors} errors`,
  );
  if (Number(traced) - Number(tracedErrors) < ys.answered)
    ys.row.problems.push('fewer ok traces than answers');
  for (const line of ys.traceLog) console.log(`    gateway log: ${line}`);
  if (ys.traceLog.length > 0) ys.row.problems.push('trace log lines (see above)');

  const portkey = opts['skip-portkey'] ? undefined : await benchPortkey(tmp, upstreamBaseUrl);
  if (portkey !== undefined) console.log(`    peak RSS ${portkey.peakRssMb?.toFixed(0)} MB`);

  const yardstick = withAddedLatency(ys.row, direct);
  const rows = [direct, yardstick, ...(portkey === undefined ? [] : [withAddedLatency(portkey, direct)])];
  const targets = evaluateGatewayTargets(yardstick, rows[2], rate);
  console.log(`\n${formatGatewayTable(rows, rate)}\n`);
  if (portkey !== undefined) {
    console.log(
      `yardstick vs Portkey: ${(yardstick.saturation.requestsPerS / portkey.saturation.requestsPerS).toFixed(2)}x ` +
        `saturation req/s, ${((yardstick.peakRssMb ?? 0) / (portkey.peakRssMb ?? 1)).toFixed(2)}x peak RSS`,
    );
  }
  console.log(formatTargets(targets));
  const pacedTargets = evaluatePacedTargets(yardstick, rate);
  console.log(
    `\nCross-check at a smooth ${rate} req/s (one request every ${1000 / rate} ms; autocannon's overallRate sends ` +
      `each connection's quota in a burst at the start of every second, see bench/lib/paced-load.ts):\n\n` +
      `${formatPacedTable(rows, rate)}\n`,
  );
  console.log(formatTargets(pacedTargets));
  if (ys.profile !== undefined) {
    const { file, selfTime, inclusive } = ys.profile;
    const show = (spot: HotSpot): string =>
      `  ${(spot.share * 100).toFixed(1).padStart(5)}%  ${spot.amount.toFixed(0).padStart(6)} ms  ${spot.where}`;
    console.log(`\n${path.relative(process.cwd(), file)}: yardstick serve during saturation, top self time`);
    for (const spot of selfTime) console.log(show(spot));
    console.log('\nthe same, inclusive time as a share of busy (non-idle) time; yardstick, writev, GC:');
    for (const spot of inclusive) console.log(show(spot));
  }

  const outDir = path.join(benchDir, 'out');
  await mkdir(outDir, { recursive: true });
  const stamp = new Date().toISOString().replaceAll(':', '-').replace(/\..+$/, '');
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    profiled: opts['cpu-prof'],
    options: {
      connections,
      durationS,
      warmupS,
      rate,
      policy: opts.policy,
      monitor: monitorShare ?? null,
      redis: redisUrl !== undefined,
      store: storeUrl === undefined ? 'sqlite' : 'given',
    },
    rows,
    ratioVsPortkey:
      portkey === undefined ? null : yardstick.saturation.requestsPerS / portkey.saturation.requestsPerS,
    targets,
    pacedTargets,
    traces: { line: ys.tracesLine.trim(), stopped: ys.stoppedLine, log: ys.traceLog, answered: ys.answered },
    profile: ys.profile ?? null,
  };
  const text = `${JSON.stringify(report, null, 2)}\n`;
  const name = `gateway-throughput-${opts['cpu-prof'] ? 'profiled-' : ''}${stamp}.json`;
  await writeFile(path.join(outDir, name), text);
  // A profiled run is slower: it must not stand in for the latest figures.
  if (!opts['cpu-prof']) await writeFile(path.join(outDir, 'gateway-throughput-latest.json'), text);
  console.log(`\nfigures written to ${path.relative(process.cwd(), path.join(outDir, name))}`);
  if (rows.some((row) => row.problems.length > 0)) process.exitCode = 1;
} finally {
  for (const server of servers.reverse()) await server.stop();
  if (opts.keep) console.log(`kept ${tmp}`);
  else await rm(tmp, { recursive: true, force: true });
}
