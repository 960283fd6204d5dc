// Profiles one yardstick eval of the benchmark suite (2,000 cases x 3 models by default) against the in-process
// fake server and prints the top hot spots. Usage:
//   npm run build && node --import tsx bench/profile-yardstick.ts [--cases N] [--format inline|csv] [--heap]
// Profiles land in bench/out/profiles/ (open them in Chrome DevTools for call trees).
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startFakeServer } from '../src/testing/fake-server.js';
import { openaiCompatibleEcho } from '../src/testing/openai-compatible-echo.js';
import { runYardstick } from './lib/run-tools.js';
import { writeBenchSuite } from './lib/suite-files.js';
import { type HotSpot, summarizeCpuProfile, summarizeHeapProfile } from './lib/summarize-profile.js';

const { values: opts } = parseArgs({
  options: {
    cases: { type: 'string', default: '2000' },
    format: { type: 'string', default: 'inline' },
    heap: { type: 'boolean', default: false },
  },
});
const cases = Number.parseInt(opts.cases, 10);
const models = ['model-a', 'model-b', 'model-c'];
const profileDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out', 'profiles');
const kind = opts.heap ? 'heap' : 'cpu';

const tmp = await mkdtemp(path.join(os.tmpdir(), 'yardstick-profile-'));
const server = await startFakeServer(openaiCompatibleEcho, { record: false });
try {
  await mkdir(profileDir, { recursive: true });
  const format = opts.format === 'csv' ? 'csv' : 'inline';
  const baseUrl = `${server.url}/v1`;
  const suite = await writeBenchSuite({ dir: tmp, baseUrl, cases, models, concurrency: 8, format });
  const before = new Set(await readdir(profileDir));
  const flags = opts.heap ? ['--heap-prof'] : ['--cpu-prof'];
  const label = `profile-${kind}`;
  const { measurement, check } = await runYardstick({
    tmp,
    suite,
    label,
    calls: cases * models.length,
    concurrency: 8,
    nodeFlags: [...flags, `--${kind}-prof-dir=${profileDir}`],
  });
  console.log(
    `yardstick ${kind} profile: ${measurement.wallS.toFixed(2)} s wall, ${measurement.cpuS.toFixed(2)} s CPU, ` +
      `${measurement.peakRssMb.toFixed(0)} MB peak, ${check.passed}/${check.results} passed`,
  );
  const created = (await readdir(profileDir)).filter((name) => !before.has(name));
  for (const name of created) {
    const file = path.join(profileDir, name);
    const spots: HotSpot[] = opts.heap ? await summarizeHeapProfile(file) : await summarizeCpuProfile(file);
    console.log(`\n${path.relative(process.cwd(), file)} — top ${opts.heap ? 'allocation' : 'self time'}:`);
    for (const spot of spots) {
      const amount = opts.heap ? `${(spot.amount / 2 ** 20).toFixed(1)} MB` : `${spot.amount.toFixed(0)} ms`;
      console.log(`  ${(spot.share * 100).toFixed(1).padStart(5)}%  ${amount.padStart(9)}  ${spot.where}`);
    }
  }
} finally {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
}
