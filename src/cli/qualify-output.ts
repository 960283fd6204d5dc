// What `qualify` prints for a route: the candidates' table, the decision and its reason, what it saves per day
// at the volume, and, when a record existed, whether the decision changed; and the `--json` shape.
import type { ResolvedRoute } from '../gateway/load-gateway-config.js';
import type { Volume } from '../scorecard/project-cost.js';
import { savingPerDay } from '../scorecard/qualify-targets.js';
import type { QualificationRecord } from '../store/contract/qualification-store.js';
import { formatUsd } from './progress.js';

export interface QualifiedRoute {
  route: ResolvedRoute;
  record: QualificationRecord;
  /** The record before this run; undefined when there was none or nothing ran. */
  previous: QualificationRecord | undefined;
  stale: boolean;
  volume: Volume | undefined;
}

const percent = (value: number | null | undefined): string =>
  value === null || value === undefined ? '-' : `${(value * 100).toFixed(1)}%`;

const table = (rows: string[][]): string => {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) => `  ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}`.trimEnd())
    .join('\n');
};

/** What serving `to` instead of `from` saves, per day at the volume (or per 1,000 calls without one). */
const savingPhrase = (
  record: QualificationRecord,
  from: string,
  to: string,
  volume: Volume | undefined,
): string => {
  const fromRow = record.candidates.find((candidate) => candidate.model === from);
  const toRow = record.candidates.find((candidate) => candidate.model === to);
  const saving = savingPerDay(fromRow, toRow, volume ? volume.perDay : 1000);
  if (saving === null) return `saving unknown: ${from} or ${to} is unpriced`;
  const amount = formatUsd(Math.abs(saving));
  const unit = volume ? `/day at ${volume.label}` : ' per 1,000 calls (pass --volume for a daily figure)';
  return saving >= 0 ? `saves ${amount}${unit}` : `costs ${amount} more${unit}`;
};

export const renderQualified = ({ route, record, previous, volume }: QualifiedRoute): string => {
  const rows = [
    ['target', 'pass rate', '95% CI', '$/1k calls', 'p95 ms', 'qualified'],
    ...record.order.map((model) => {
      const candidate = record.candidates.find((item) => item.model === model);
      const ci = candidate?.passRateCi95;
      return [
        `${model === record.chosen ? '▸ ' : '  '}${model}`,
        percent(candidate?.passRate),
        ci ? `${percent(ci[0])}–${percent(ci[1])}` : '-',
        candidate?.costPer1kCallsUsd == null ? 'unpriced' : formatUsd(candidate.costPer1kCallsUsd),
        candidate?.latencyMs.p95 == null ? '-' : String(Math.round(candidate.latencyMs.p95)),
        candidate?.qualified
          ? 'yes'
          : `no${candidate?.note?.startsWith('did not run') ? ` (${candidate.note})` : ''}`,
      ];
    }),
  ];
  const lines = [
    `route ${route.name}: run ${record.runId}, record ${record.id}`,
    table(rows),
    `  ${record.reason}`,
  ];
  const listedFirst = route.targets[0]?.name;
  if (record.chosen !== null && listedFirst !== undefined && listedFirst !== record.chosen)
    lines.push(
      `  serving ${record.chosen} instead of the first listed target ${listedFirst} ${savingPhrase(record, listedFirst, record.chosen, volume)}`,
    );
  if (previous !== undefined) {
    if (previous.chosen === record.chosen)
      lines.push(`  decision unchanged: ${record.chosen ?? 'no target qualifies'}`);
    else if (previous.chosen !== null && record.chosen !== null)
      lines.push(
        `  decision changed from ${previous.chosen} to ${record.chosen}: ${savingPhrase(record, previous.chosen, record.chosen, volume)}`,
      );
    else
      lines.push(
        `  decision changed from ${previous.chosen ?? 'none qualified'} to ${record.chosen ?? 'none qualified'}`,
      );
  }
  return `${lines.join('\n')}\n`;
};

/** The `--json` entry of a route, in the documented shape. */
export const toJsonRoute = ({ route, record, stale }: QualifiedRoute) => ({
  route: route.name,
  chosen: record.chosen,
  order: record.order,
  candidates: record.candidates.map((candidate) => ({
    model: candidate.model,
    passRate: candidate.passRate,
    passRateCi95: candidate.passRateCi95,
    costPer1kCallsUsd: candidate.costPer1kCallsUsd,
    qualified: candidate.qualified,
  })),
  runId: record.runId,
  suiteHash: record.suiteHash,
  reason: record.reason,
  stale,
});
