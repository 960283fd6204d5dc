// Turns measurements into the benchmark table, the yardstick/promptfoo ratios and PASS/FAIL against the targets.
import type { Measurement } from './measure-child.js';

export interface Row extends Measurement {
  tool: string;
  calls: number;
  callsPerS: number;
  callsPerCpuS: number;
  /** Every run of this row, when the figures are medians. */
  runs: Measurement[];
}

export interface Target {
  name: string;
  value: number | undefined;
  goal: string;
  pass: boolean | undefined;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** A row of medians over `runs` (wall, CPU and peak RSS each taken separately). */
export const toRow = (tool: string, calls: number, runs: Measurement[]): Row => {
  const first = runs[0];
  if (first === undefined) throw new Error(`${tool}: no runs`);
  const wallS = median(runs.map((run) => run.wallS));
  const cpuS = median(runs.map((run) => run.cpuS));
  const peakRssMb = median(runs.map((run) => run.peakRssMb));
  const exitCode = runs.find((run) => run.exitCode !== 0)?.exitCode ?? 0;
  const base = { tool, calls, wallS, cpuS, peakRssMb, exitCode, method: first.method, runs };
  return { ...base, callsPerS: calls / wallS, callsPerCpuS: calls / cpuS };
};

const cells = (row: Row): string[] => [
  row.tool,
  String(row.calls),
  row.wallS.toFixed(2),
  row.cpuS.toFixed(2),
  row.peakRssMb.toFixed(0),
  row.callsPerS.toFixed(0),
  row.callsPerCpuS.toFixed(0),
];

export const formatTable = (rows: Row[]): string => {
  const head = ['tool', 'calls', 'wall s', 'CPU s', 'peak RSS MB', 'calls/s', 'calls/CPU-s'];
  const all = [head, ...rows.map(cells)];
  const widths = head.map((_, col) => Math.max(...all.map((line) => (line[col] ?? '').length)));
  const line = (values: string[]): string =>
    values
      .map((v, col) => (col === 0 ? v.padEnd(widths[col] ?? 0) : v.padStart(widths[col] ?? 0)))
      .join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...all.slice(1).map(line)].join('\n');
};

/** The targets: ≥10x promptfoo's calls per CPU-second, < 1/4 of its peak memory, 100k calls < 200 MB. */
export const evaluateTargets = (
  yardstick: Row,
  promptfoo: Row | undefined,
  big: Row | undefined,
): Target[] => {
  const cpuRatio = promptfoo && yardstick.callsPerCpuS / promptfoo.callsPerCpuS;
  const memRatio = promptfoo && yardstick.peakRssMb / promptfoo.peakRssMb;
  return [
    {
      name: 'calls per CPU-s vs promptfoo',
      value: cpuRatio,
      goal: '>= 10x',
      pass: cpuRatio === undefined ? undefined : cpuRatio >= 10,
    },
    {
      name: 'peak RSS vs promptfoo',
      value: memRatio,
      goal: '< 0.25x',
      pass: memRatio === undefined ? undefined : memRatio < 0.25,
    },
    {
      name: `peak RSS of a ${big?.calls ?? 100_000}-call run (MB)`,
      value: big?.peakRssMb,
      goal: '< 200 MB',
      pass: big === undefined ? undefined : big.peakRssMb < 200,
    },
  ];
};

export const formatTargets = (targets: Target[]): string =>
  targets
    .map((t) => {
      const verdict = t.pass === undefined ? 'SKIP' : t.pass ? 'PASS' : 'FAIL';
      const value = t.value === undefined ? 'n/a' : t.value.toFixed(2);
      return `${verdict}  ${t.name}: ${value} (target ${t.goal})`;
    })
    .join('\n');
