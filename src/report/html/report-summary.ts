/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Part of the HTML report's page script; see report-page.ts for how it reaches the browser.
import type { HtmlReportData } from './report-data.js';
import type { PageHelpers } from './report-page.js';

/** The title, the run line, the recommendation and what was skipped or saved. */
export function renderHeader(data: HtmlReportData, h: PageHelpers): void {
  const { el, byId, percent } = h;
  const { summary } = data;
  const run = summary.run;
  byId('title').textContent = `${run.suite}: which model, at what cost`;
  const totals = summary.totals;
  byId('run-line').textContent =
    `run ${run.id} (${run.status}), started ${run.startedAt}; ` +
    `${data.cases.length + data.casesOmitted} case(s) on ${data.columns.length} model(s), ${totals.results} result(s): ${totals.passed} passed, ` +
    `${totals.failed} failed, ${totals.errors} errors; overall pass rate ${percent(totals.passRate)}`;
  const notes = byId('notes');
  if (summary.recommendation) {
    notes.append(
      el(
        'p',
        {
          // credible: its interval clears the bar; named but not credible: it reaches the bar on its pass rate only
          class: summary.recommendation.credible
            ? 'callout good'
            : summary.recommendation.model
              ? 'callout'
              : 'callout bad',
          id: 'recommendation',
        },
        el('strong', {}, 'Recommendation: '),
        summary.recommendation.reason,
      ),
    );
  }
  if (summary.repeats) {
    const r = summary.repeats;
    const share = r.fixedCalls > 0 ? Math.round((r.savedCalls / r.fixedCalls) * 100) : 0;
    notes.append(
      el(
        'p',
        { class: 'callout' },
        `Repeat auto: ${r.calls} calls; a fixed --repeat ${r.maxRepeats} would have made ${r.fixedCalls} ` +
          `(${r.savedCalls} saved, ${share}%).`,
      ),
    );
  }
  for (const item of summary.skipped) {
    notes.append(el('p', { class: 'callout bad' }, `Skipped ${item.model}: ${item.reason}`));
  }
  for (const item of summary.skippedAssertions) {
    notes.append(
      el(
        'p',
        { class: 'callout bad' },
        `${item.count} ${item.type} check(s) not run and left out of the scores: ${item.reason}`,
      ),
    );
  }
}

/** The summary table, with spend at volume when asked for; the recommended row highlighted. */
export function renderSummaryTable(data: HtmlReportData, h: PageHelpers): void {
  const { el, byId, percent, usd, saving, ms, labelOf } = h;
  const { summary } = data;
  const volume = summary.volume;
  const headings = [
    'model',
    'pass rate',
    '95% CI',
    'passed',
    'errors',
    'cost / 1k calls',
    'total cost',
    'p50',
    'p95',
  ];
  const threshold = summary.threshold;
  if (threshold !== undefined) headings.splice(3, 0, `≥ ${percent(threshold)}`);
  if (volume)
    headings.push(`per day at ${volume.label} (from the cost per call)`, 'per month', 'saving / day');
  const summaryTable = byId('summary');
  summaryTable.append(el('thead', {}, el('tr', {}, ...headings.map((heading) => el('th', {}, heading)))));
  const body = el('tbody');
  for (const row of summary.summary) {
    const cells = [
      labelOf(row),
      percent(row.passRate),
      `${percent(row.passRateCi95[0])}–${percent(row.passRateCi95[1])}`,
      `${row.passed}/${row.results}`,
      String(row.errors),
      usd(row.costPer1kCallsUsd),
      usd(row.costUsd),
      ms(row.latencyMs.p50),
      ms(row.latencyMs.p95),
    ];
    if (threshold !== undefined) cells.splice(3, 0, row.meetsThreshold === false ? 'no' : 'yes');
    if (volume) {
      const projected = row.projected;
      cells.push(
        usd(projected?.perDayUsd ?? null),
        usd(projected?.perMonthUsd ?? null),
        row.model === volume.reference ? 'current model' : saving(projected?.savingPerDayUsd ?? null),
      );
    }
    const isPick = summary.recommendation?.model === row.model;
    body.append(el('tr', isPick ? { class: 'pick' } : {}, ...cells.map((cell) => el('td', {}, cell))));
  }
  summaryTable.append(body);
}
