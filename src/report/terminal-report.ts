// The terminal table: pass rate with its interval, cost, latency and tokens per model, then the failed cases.

import type { RunSummary, SummaryRow } from '../scorecard/run-summary.js';
import { terminalStyles as pc } from '../spec/terminal-text.js';

export interface FailureLine {
  model: string;
  prompt: string;
  testId: string;
  repeat: number;
  reason: string;
}

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
const usd = (value: number | null): string => {
  if (value === null) return 'unpriced';
  if (value === 0) return '$0';
  return value >= 100
    ? `$${value.toFixed(0)}`
    : value >= 1
      ? `$${value.toFixed(2)}`
      : `$${value.toPrecision(2)}`;
};
const ms = (value: number | null): string => (value === null ? '-' : `${Math.round(value)} ms`);
const tokens = (value: number | null): string => (value === null ? '-' : value.toFixed(0));

interface Column {
  title: string;
  cell: (row: SummaryRow) => string;
  right?: boolean;
}

const columns: Column[] = [
  { title: 'model', cell: (row) => row.model },
  { title: 'pass rate', cell: (row) => percent(row.passRate), right: true },
  {
    title: '95% CI',
    cell: (row) => `${percent(row.passRateCi95[0])}–${percent(row.passRateCi95[1])}`,
    right: true,
  },
  { title: 'passed', cell: (row) => `${row.passed}/${row.results}`, right: true },
  { title: 'errors', cell: (row) => String(row.errors), right: true },
  { title: 'cost/1k calls', cell: (row) => usd(row.costPer1kCallsUsd), right: true },
  { title: 'total cost', cell: (row) => usd(row.costUsd), right: true },
  { title: 'p50', cell: (row) => ms(row.latencyMs.p50), right: true },
  { title: 'p95', cell: (row) => ms(row.latencyMs.p95), right: true },
  { title: 'tok in', cell: (row) => tokens(row.tokens.input), right: true },
  { title: 'tok out', cell: (row) => tokens(row.tokens.output), right: true },
];

/** Renders rows as an aligned text table; colour is applied after padding so widths stay right. */
export const renderTable = (summary: RunSummary): string => {
  const multiPrompt = new Set(summary.summary.map((row) => row.prompt)).size > 1;
  const named = multiPrompt
    ? [columns[0]!, { title: 'prompt', cell: (row: SummaryRow) => row.prompt }, ...columns.slice(1)]
    : columns;
  // with --threshold, each model's verdict against it, right after its pass rate and interval
  const verdict: Column = {
    title: `≥ ${percent(summary.threshold ?? 0)}`,
    cell: (row: SummaryRow) => (row.meetsThreshold === false ? 'no' : 'yes'),
  };
  const at = named.findIndex((col) => col.title === '95% CI') + 1;
  const cols = summary.threshold === undefined ? named : [...named.slice(0, at), verdict, ...named.slice(at)];
  const cells = summary.summary.map((row) => cols.map((col) => col.cell(row)));
  const widths = cols.map((col, index) =>
    Math.max(col.title.length, ...cells.map((row) => row[index]!.length)),
  );
  const pad = (text: string, index: number): string =>
    cols[index]!.right ? text.padStart(widths[index]!) : text.padEnd(widths[index]!);
  const header = cols.map((col, index) => pc.bold(pad(col.title, index))).join('  ');
  const lines = cells.map((row) => row.map((cell, index) => pad(cell, index)).join('  '));
  return [header, ...lines].join('\n');
};

const money = (value: number): string =>
  value >= 100 ? `$${Math.round(value).toLocaleString('en-US')}` : `$${value.toFixed(2)}`;

const maxFlakyShown = 15;

const count = (value: number): string => value.toLocaleString('en-US');

/** What `--repeat auto` saved against repeating every case the most times. */
const renderRepeats = (summary: RunSummary): string[] => {
  const repeats = summary.repeats;
  if (!repeats) return [];
  const share = repeats.fixedCalls > 0 ? Math.round((repeats.savedCalls / repeats.fixedCalls) * 100) : 0;
  return [
    '',
    `repeat auto: ${count(repeats.calls)} calls; a fixed --repeat ${repeats.maxRepeats} would have made ` +
      `${count(repeats.fixedCalls)} (${count(repeats.savedCalls)} saved, ${share}%)`,
  ];
};

/** Cases whose outcome changed between repeats: noise the pass rate alone hides. */
const renderFlaky = (summary: RunSummary): string[] => {
  if (summary.flaky.length === 0) return [];
  const out = [
    '',
    pc.bold(`flaky cases (${summary.flaky.length}), passing some repeats and failing others:`),
  ];
  for (const item of summary.flaky.slice(0, maxFlakyShown)) {
    out.push(`  ${pc.yellow('~')} ${item.model} ${item.caseId}: ${item.passed}/${item.repeats} passed`);
  }
  if (summary.flaky.length > maxFlakyShown)
    out.push(pc.dim(`  … and ${summary.flaky.length - maxFlakyShown} more (see --output run.json)`));
  return out;
};

/** The spend at the user's volume and the recommendation, when the run asked for them. */
const renderDecisions = (summary: RunSummary): string[] => {
  const out: string[] = [];
  if (summary.volume) {
    const reference = summary.volume.reference;
    out.push('');
    out.push(pc.bold(`cost at ${summary.volume.label}, projected per call:`));
    for (const row of summary.summary) {
      const projected = row.projected;
      if (!projected || projected.perDayUsd === null || projected.perMonthUsd === null) {
        out.push(`  ${row.model}: unpriced`);
        continue;
      }
      const saving =
        projected.savingPerDayUsd === null || row.model === reference
          ? row.model === reference
            ? ' (current model)'
            : ''
          : projected.savingPerDayUsd >= 0
            ? `, saves ${money(projected.savingPerDayUsd)}/day against ${reference}`
            : `, costs ${money(-projected.savingPerDayUsd)}/day more than ${reference}`;
      out.push(
        `  ${row.model}: ${money(projected.perDayUsd)}/day, ${money(projected.perMonthUsd)}/month${saving}`,
      );
    }
  }
  if (summary.recommendation) {
    out.push('');
    out.push(`${pc.bold('recommendation:')} ${summary.recommendation.reason}`);
  }
  return out;
};

export const renderTerminalReport = (
  summary: RunSummary,
  failures: FailureLine[],
  moreFailures: number,
  judgeSpendUsd: number,
): string => {
  const out: string[] = [];
  out.push('');
  out.push(`${pc.bold(summary.run.suite)}  run ${summary.run.id}  (${summary.run.status})`);
  out.push('');
  const empty =
    summary.run.status === 'aborted'
      ? 'no results yet: the run was interrupted before any call finished'
      : 'no results: every model was skipped';
  out.push(summary.summary.length > 0 ? renderTable(summary) : pc.yellow(empty));
  for (const skipped of summary.skipped) out.push(pc.yellow(`skipped ${skipped.model}: ${skipped.reason}`));
  for (const item of summary.skippedAssertions) {
    out.push(
      pc.yellow(
        `${item.count} ${item.type} assertion(s) not checked and left out of the scores: ${item.reason.replace(/^skipped: /, '')}`,
      ),
    );
  }
  out.push(...renderRepeats(summary));
  out.push(...renderFlaky(summary));
  out.push(...renderDecisions(summary));
  if (judgeSpendUsd > 0)
    out.push(pc.dim(`judge and embedding spend (not in the model costs): ${usd(judgeSpendUsd)}`));
  if (failures.length > 0) {
    out.push('');
    out.push(pc.bold(`failed cases (${failures.length + moreFailures}):`));
    for (const failure of failures) {
      const where = `${failure.model}${failure.prompt ? ` [${failure.prompt}]` : ''} ${failure.testId}${failure.repeat > 0 ? ` #${failure.repeat + 1}` : ''}`;
      out.push(`  ${pc.red('✗')} ${where}: ${failure.reason}`);
    }
    if (moreFailures > 0) out.push(pc.dim(`  … and ${moreFailures} more (see --output run.json)`));
  }
  const { totals } = summary;
  out.push('');
  out.push(
    totals.results === totals.cases
      ? `${totals.passed}/${totals.cases} passed (${percent(totals.passRate)}), ${totals.failed} failed, ${totals.errors} errors`
      : `${totals.passed}/${totals.results} results passed, ${totals.failed} failed, ${totals.errors} errors; ` +
          `pass rate ${percent(totals.passRate)} over ${totals.cases} cases, each counted by its pass fraction`,
  );
  return `${out.join('\n')}\n`;
};
