// Turns the gateway benchmark's load runs into its table, the yardstick/Portkey ratio and PASS/FAIL against the
// targets (>= 5x Portkey's saturation throughput; <= 1 ms added p50 and <= 5 ms added p99 at 1,000 req/s).
import type { LoadResult } from './load-test.js';
import type { Target } from './report.js';

export interface GatewayRow {
  target: string;
  saturation: LoadResult;
  rate: LoadResult;
  /** This row's rate-run percentiles minus the upstream-direct ones; null for the direct row itself. */
  addedP50Ms: number | null;
  addedP99Ms: number | null;
  /** The same at a smooth rate (bench/lib/paced-load.ts), as a cross-check of autocannon's bursty one. */
  paced: LoadResult;
  pacedAddedP50Ms: number | null;
  pacedAddedP99Ms: number | null;
  /** VmHWM of the gateway process after its runs; null for the upstream-direct row (not a gateway). */
  peakRssMb: number | null;
  /** Non-2xx, errors, mismatches of any run of this row, in words; empty when clean. */
  problems: string[];
}

export const withAddedLatency = (row: GatewayRow, direct: GatewayRow): GatewayRow => ({
  ...row,
  addedP50Ms: row.rate.p50Ms - direct.rate.p50Ms,
  addedP99Ms: row.rate.p99Ms - direct.rate.p99Ms,
  pacedAddedP50Ms: row.paced.p50Ms - direct.paced.p50Ms,
  pacedAddedP99Ms: row.paced.p99Ms - direct.paced.p99Ms,
});

const ms = (value: number): string => value.toFixed(2);
/** The serving process's CPU per answered request during saturation (the upstream's own, on the direct row). */
const cpuPerRequest = (r: LoadResult): string =>
  r.serverCpuS === undefined || r.ok2xx === 0 ? '-' : ((r.serverCpuS / r.ok2xx) * 1e6).toFixed(0);
const pair = (a: number | null, b: number | null): string =>
  a === null || b === null ? '-' : `${a >= 0 ? '+' : ''}${ms(a)} / ${b >= 0 ? '+' : ''}${ms(b)}`;

export const formatGatewayTable = (rows: GatewayRow[], rate: number): string => {
  const header = [
    'target',
    'sat. req/s',
    'sat. p50 / p99 ms',
    `${rate.toLocaleString('en-US')} req/s p50 / p99 ms`,
    'added p50 / p99 ms',
    'peak RSS MB',
    'CPU µs/req (sat.)',
    'errors',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) {
    const cells = [
      row.target,
      Math.round(row.saturation.requestsPerS).toLocaleString('en-US'),
      `${ms(row.saturation.p50Ms)} / ${ms(row.saturation.p99Ms)}`,
      `${ms(row.rate.p50Ms)} / ${ms(row.rate.p99Ms)}`,
      pair(row.addedP50Ms, row.addedP99Ms),
      row.peakRssMb === null ? '-' : row.peakRssMb.toFixed(0),
      cpuPerRequest(row.saturation),
      row.problems.length === 0 ? 'none' : `**${row.problems.join('; ')}**`,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
};

/** The cross-check: each target's latency at a smooth rate, and what it adds to the upstream's. */
export const formatPacedTable = (rows: GatewayRow[], rate: number): string => {
  const header = [
    'target',
    `smooth ${rate.toLocaleString('en-US')} req/s p50 / p99 ms`,
    'added p50 / p99 ms',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) {
    const cells = [
      row.target,
      `${ms(row.paced.p50Ms)} / ${ms(row.paced.p99Ms)}`,
      pair(row.pacedAddedP50Ms, row.pacedAddedP99Ms),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
};

/** A target on a row with errors fails: its figures did not all come from good answers. */
const clean = (...rows: (GatewayRow | undefined)[]): boolean =>
  rows.every((row) => row === undefined || row.problems.length === 0);

const suffix = (...rows: (GatewayRow | undefined)[]): string => (clean(...rows) ? '' : ' (a row has errors)');

export const evaluateGatewayTargets = (
  yardstick: GatewayRow,
  portkey: GatewayRow | undefined,
  rate: number,
): Target[] => {
  const ratio =
    portkey === undefined ? undefined : yardstick.saturation.requestsPerS / portkey.saturation.requestsPerS;
  const added50 = yardstick.addedP50Ms ?? undefined;
  const added99 = yardstick.addedP99Ms ?? undefined;
  const at = `at ${rate.toLocaleString('en-US')} req/s`;
  return [
    {
      name: `saturation req/s vs Portkey${suffix(yardstick, portkey)}`,
      value: ratio,
      goal: '>= 5x',
      pass: ratio === undefined ? undefined : ratio >= 5 && clean(yardstick, portkey),
    },
    {
      name: `added p50 ${at} (ms)${suffix(yardstick)}`,
      value: added50,
      goal: '<= 1 ms',
      pass: added50 === undefined ? undefined : added50 <= 1 && clean(yardstick),
    },
    {
      name: `added p99 ${at} (ms)${suffix(yardstick)}`,
      value: added99,
      goal: '<= 5 ms',
      pass: added99 === undefined ? undefined : added99 <= 5 && clean(yardstick),
    },
  ];
};

/** The latency targets again on the smooth-rate cross-check; reported beside the targets, not instead of them. */
export const evaluatePacedTargets = (yardstick: GatewayRow, rate: number): Target[] => {
  const added50 = yardstick.pacedAddedP50Ms ?? undefined;
  const added99 = yardstick.pacedAddedP99Ms ?? undefined;
  const at = `at a smooth ${rate.toLocaleString('en-US')} req/s`;
  return [
    {
      name: `cross-check: added p50 ${at} (ms)${suffix(yardstick)}`,
      value: added50,
      goal: '<= 1 ms',
      pass: added50 === undefined ? undefined : added50 <= 1 && clean(yardstick),
    },
    {
      name: `cross-check: added p99 ${at} (ms)${suffix(yardstick)}`,
      value: added99,
      goal: '<= 5 ms',
      pass: added99 === undefined ? undefined : added99 <= 5 && clean(yardstick),
    },
  ];
};
