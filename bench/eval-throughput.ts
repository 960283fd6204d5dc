// Throughput/memory benchmark: yardstick vs promptfoo on 2,000 cases x 3 models against an in-process fake
// OpenAI-compatible server, plus a 100,000-call yardstick run for the 200 MB target. Run with `npm run bench`.
// Options: --runs N (default 3, medians reported), --big-format csv|inline|both (default csv),
// --skip-promptfoo, --skip-big, --keep (keep the temp dir). Env: PROMPTFOO_DIR, BENCH_MEASURE=proc.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startFakeServer } from '../src/testing/fake-server.js';
import { openaiCompatibleEcho } from '../src/testing/openai-compatible-echo.js';
import type { ResultCheck } from './lib/check-results.js';
import type { Measurement } from './lib/measure-child.js';
import { defaultPromptfooDir, findPromptfoo, promptfooSetupHint } from './lib/promptfoo.js';
import { evaluateTargets, formatTable, formatTargets, type Row, toRow } from './lib/report.js';
import { runPromptfoo, runYardstick } from './lib/run-tools.js';
import { type TestsFormat, writeBenchSuite } from './lib/suite-files.js';

const MODELS = ['model-a', 'model-b', 'model-c'] as const;
const CASES = 2_000;
const BIG_CASES = 33_334; // x 3 models = 100,002 calls
const CONCURRENCY = 8;
const benchDir = path.dirname(fileURLToPath(import.meta.url));

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'big-format': { type: 'string', default: 'csv' },
    'skip-promptfoo': { type: 'boolean', default: false },
    'skip-big': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const runs = Math.max(1, Number.parseInt(opts.runs, 10) || 1);
const bigFormats: TestsFormat[] =
  opts['big-format'] === 'both' ? ['inline', 'csv'] : [opts['big-format'] === 'inline' ? 'inline' : 'csv'];

const describe = (label: string, m: Measurement, check: ResultCheck): string =>
  `  ${label}: exit ${m.exitCode}, ${m.wallS.toFixed(2)} s wall, ${m.cpuS.toFixed(2)} s CPU, ` +
  `${m.peakRssMb.toFixed(0)} MB peak; ${check.results} results, ${check.passed} passed, ${check.errors} errors` +
  (check.ok ? '' : '  <-- INCOMPLETE');

const tmp = await mkdtemp(path.join(os.tmpdir(), 'yardstick-bench-'));
const server = await startFakeServer(openaiCompatibleEcho, { record: false });
const baseUrl = `${server.url}/v1`;
const checks: Record<string, ResultCheck> = {};
const rows: Row[] = [];
try {
  console.log(
    `bench: fake server ${server.url}, temp dir ${tmp}, ${runs} run(s) per tool, ${os.cpus().length} CPUs`,
  );
  const calls = CASES * MODELS.length;
  const suite = await writeBenchSuite({
    dir: tmp,
    baseUrl,
    cases: CASES,
    models: MODELS,
    concurrency: CONCURRENCY,
    format: 'inline',
  });

  const ysRuns: Measurement[] = [];
  for (let i = 1; i <= runs; i++) {
    const { measurement, check } = await runYardstick({
      tmp,
      suite,
      label: `yardstick-${i}`,
      calls,
      concurrency: CONCURRENCY,
    });
    console.log(describe(`yardstick run ${i}`, measurement, check));
    ysRuns.push(measurement);
    checks[`yardstick-${i}`] = check;
  }
  const yardstick = toRow('yardstick', calls, ysRuns);
  rows.push(yardstick);

  let promptfoo: Row | undefined;
  const install = opts['skip-promptfoo'] ? undefined : findPromptfoo();
  if (install === undefined && !opts['skip-promptfoo'])
    console.log(promptfooSetupHint(defaultPromptfooDir()));
  if (install !== undefined) {
    const pfRuns: Measurement[] = [];
    for (let i = 1; i <= runs; i++) {
      const { measurement, check } = await runPromptfoo({
        tmp,
        install,
        baseUrl,
        cases: CASES,
        models: MODELS,
        label: `promptfoo-${i}`,
        calls,
        concurrency: CONCURRENCY,
      });
      console.log(describe(`promptfoo run ${i}`, measurement, check));
      pfRuns.push(measurement);
      checks[`promptfoo-${i}`] = check;
    }
    promptfoo = toRow('promptfoo', calls, pfRuns);
    rows.push(promptfoo);
  }

  let big: Row | undefined;
  if (!opts['skip-big']) {
    const bigCalls = BIG_CASES * MODELS.length;
    for (const format of bigFormats) {
      const bigSuite = await writeBenchSuite({
        dir: tmp,
        baseUrl,
        cases: BIG_CASES,
        models: MODELS,
        concurrency: CONCURRENCY,
        format,
      });
      const label = `yardstick-100k-${format}`;
      const { measurement, check } = await runYardstick({
        tmp,
        suite: bigSuite,
        label,
        calls: bigCalls,
        concurrency: CONCURRENCY,
      });
      console.log(describe(label, measurement, check));
      checks[label] = check;
      const row = toRow(`yardstick 100k (${format})`, bigCalls, [measurement]);
      rows.push(row);
      if (big === undefined || row.peakRssMb > big.peakRssMb) big = row;
    }
  }

  const targets = evaluateTargets(yardstick, promptfoo, big);
  console.log(`\n${formatTable(rows)}  (medians of ${runs} for the 6,000-call rows; ${yardstick.method})\n`);
  if (promptfoo !== undefined) {
    console.log(
      `yardstick vs promptfoo: ${(yardstick.callsPerCpuS / promptfoo.callsPerCpuS).toFixed(2)}x calls per CPU-s, ` +
        `${(yardstick.peakRssMb / promptfoo.peakRssMb).toFixed(2)}x peak memory, ` +
        `${(yardstick.callsPerS / promptfoo.callsPerS).toFixed(2)}x calls/s`,
    );
  }
  console.log(formatTargets(targets));

  const outDir = path.join(benchDir, 'out');
  await mkdir(outDir, { recursive: true });
  const stamp = new Date().toISOString().replaceAll(':', '-').replace(/\..+$/, '');
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    runs,
    rows,
    targets,
    checks,
  };
  const text = `${JSON.stringify(report, null, 2)}\n`;
  await writeFile(path.join(outDir, `eval-throughput-${stamp}.json`), text);
  await writeFile(path.join(outDir, 'eval-throughput-latest.json'), text);
  console.log(
    `\nfigures written to ${path.relative(process.cwd(), path.join(outDir, `eval-throughput-${stamp}.json`))}`,
  );
  if (Object.values(checks).some((check) => !check.ok)) process.exitCode = 1;
} finally {
  await server.close();
  if (opts.keep) console.log(`kept ${tmp}`);
  else await rm(tmp, { recursive: true, force: true });
}
