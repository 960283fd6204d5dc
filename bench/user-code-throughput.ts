// Throughput of the user's own code: a `function:` model with `regex` and `javascript` checks, 6,000 cases, so
// the cost of running that code off the main thread (worker threads, see src/user-code/) shows in calls per
// CPU-second. Run with `npm run build && node --import tsx bench/user-code-throughput.ts [--runs N] [--cases N]`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Measurement } from './lib/measure-child.js';
import { formatTable, toRow } from './lib/report.js';
import { runYardstick } from './lib/run-tools.js';

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    cases: { type: 'string', default: '6000' },
    concurrency: { type: 'string', default: '8' },
  },
});
const runs = Math.max(1, Number.parseInt(opts.runs, 10) || 1);
const cases = Math.max(1, Number.parseInt(opts.cases, 10) || 1);
const concurrency = Math.max(1, Number.parseInt(opts.concurrency, 10) || 1);

const app = `export default async ({ vars }) => ({ output: \`The answer to case \${vars.n} is \${vars.n * 2}.\` });\n`;

const suiteYaml = (checks: 'none' | 'regex+javascript'): string => {
  const lines = [
    'name: user-code bench',
    'prompts:',
    '  - "case {{n}}"',
    'models:',
    '  - function:./app.mjs',
  ];
  if (checks !== 'none') {
    lines.push(
      'defaults:',
      '  assert:',
      "    - { type: regex, value: '^The answer to case \\d+ is \\d+\\.$' }",
      '    - { type: javascript, value: "output.length > 10" }',
    );
  }
  lines.push(`concurrency: ${concurrency}`, 'tests:');
  for (let n = 0; n < cases; n += 1)
    lines.push(`  - { id: c${n}, vars: { n: ${n} }, assert: [{ type: contains, value: "case ${n} " }] }`);
  return `${lines.join('\n')}\n`;
};

const tmp = await mkdtemp(path.join(os.tmpdir(), 'yardstick-user-code-bench-'));
try {
  await writeFile(path.join(tmp, 'app.mjs'), app);
  const rows = [];
  for (const checks of ['none', 'regex+javascript'] as const) {
    const suite = path.join(tmp, `suite-${checks}.yaml`);
    await writeFile(suite, suiteYaml(checks));
    const measurements: Measurement[] = [];
    for (let index = 1; index <= runs; index += 1) {
      const label = `${checks}-${index}`;
      const { measurement, check } = await runYardstick({ tmp, suite, label, calls: cases, concurrency });
      console.log(
        `  ${label}: exit ${measurement.exitCode}, ${measurement.wallS.toFixed(2)} s wall, ${measurement.cpuS.toFixed(2)} s CPU, ` +
          `${measurement.peakRssMb.toFixed(0)} MB peak; ${check.results} results, ${check.passed} passed${check.ok ? '' : '  <-- INCOMPLETE'}`,
      );
      measurements.push(measurement);
    }
    rows.push(toRow(`function model, checks: ${checks}`, cases, measurements));
  }
  console.log(`\n${formatTable(rows)}  (medians of ${runs}; ${os.cpus().length} CPUs)`);
} finally {
  await rm(tmp, { recursive: true, force: true });
}
