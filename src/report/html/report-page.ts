/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The HTML report's page script. It runs in the browser, not in Node: `renderReportPage` is inlined into the
// report with Function.prototype.toString, so it must not use anything from outside its own body (the types
// it names are erased). It builds every element with textContent, never innerHTML, so a model's answer can
// never inject markup into the report.
import type { CellView, ComparisonView, HtmlReportData } from './report-data.js';

/** The parts of Observable Plot the page uses (the library is inlined beside this script as `Plot`). */
export interface PlotLibrary {
  plot(options: Record<string, unknown>): Element;
  dot(data: readonly object[], options: Record<string, unknown>): unknown;
  ruleX(data: readonly object[], options: Record<string, unknown>): unknown;
  ruleY(data: readonly number[], options: Record<string, unknown>): unknown;
  line(data: readonly object[], options: Record<string, unknown>): unknown;
  text(data: readonly object[], options: Record<string, unknown>): unknown;
}

export function renderReportPage(data: HtmlReportData, Plot: PlotLibrary): void {
  const { summary } = data;

  const el = <K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attributes: Record<string, string> = {},
    ...children: Array<Node | string | null>
  ): HTMLElementTagNameMap[K] => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    for (const child of children) if (child !== null) node.append(child);
    return node;
  };
  const byId = (id: string): HTMLElement => {
    const found = document.getElementById(id);
    if (!found) throw new Error(`the report page has no #${id}`);
    return found;
  };
  const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
  const usd = (value: number | null): string => {
    if (value === null) return 'unpriced';
    if (value === 0) return '$0';
    if (value >= 100) return `$${Math.round(value).toLocaleString('en-US')}`;
    return value >= 1 ? `$${value.toFixed(2)}` : `$${value.toPrecision(2)}`;
  };
  const saving = (value: number | null): string =>
    value === null ? '–' : value >= 0 ? usd(value) : `costs ${usd(-value)} more`;
  const ms = (value: number | null): string => (value === null ? '–' : `${Math.round(value)} ms`);
  const labelOf = (row: { model: string; prompt: string }): string =>
    data.columns.find((column) => column.model === row.model && column.prompt === row.prompt)?.label ??
    row.model;

  // ---- header -------------------------------------------------------------------------------------
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
        { class: summary.recommendation.model ? 'callout good' : 'callout bad', id: 'recommendation' },
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

  // ---- frontier charts ----------------------------------------------------------------------------
  interface Point {
    name: string;
    x: number;
    rate: number;
    low: number;
    high: number;
    pareto: boolean;
    note: string;
  }
  /** Pareto-optimal: no other point is at least as good on both axes and better on one. */
  const markPareto = (points: Point[]): void => {
    for (const point of points) {
      point.pareto = !points.some(
        (other) =>
          other !== point &&
          other.x <= point.x &&
          other.rate >= point.rate &&
          (other.x < point.x || other.rate > point.rate),
      );
    }
  };
  const frontierChart = (
    target: HTMLElement,
    points: Point[],
    axis: { label: string; log: boolean; format: (value: number) => string },
    left: string[],
  ): void => {
    if (points.length === 0) {
      target.append(el('p', { class: 'muted' }, 'No model has a value to place on this axis.'));
    } else {
      markPareto(points);
      const frontier = points.filter((point) => point.pareto).sort((a, b) => a.x - b.x);
      const xs = points.map((point) => point.x);
      const low = Math.min(...xs);
      const high = Math.max(...xs);
      const domain = axis.log ? [low / 2, high * 2] : [0, high * 1.15 || 1];
      const colour = (point: Point): string => (point.pareto ? 'Pareto-optimal' : 'dominated');
      const marks: unknown[] = [
        Plot.ruleX(points, { x: 'x', y1: 'low', y2: 'high', stroke: colour, strokeWidth: 2 }),
        Plot.line(frontier, { x: 'x', y: 'rate', stroke: '#2563eb', strokeDasharray: '4,3' }),
        Plot.dot(points, {
          x: 'x',
          y: 'rate',
          r: 5,
          fill: colour,
          title: (point: Point) =>
            `${point.name}\npass rate ${percent(point.rate)} (95% CI ${percent(point.low)}–${percent(point.high)})\n${point.note}`,
        }),
        // font weight is a constant in Plot, so the two kinds of label are two marks
        Plot.text(frontier, {
          x: 'x',
          y: 'rate',
          text: 'name',
          dx: 8,
          textAnchor: 'start',
          fontWeight: 'bold',
          fill: '#1e3a8a',
        }),
        Plot.text(
          points.filter((point) => !point.pareto),
          { x: 'x', y: 'rate', text: 'name', dx: 8, textAnchor: 'start', fill: '#6b7280' },
        ),
      ];
      if (data.threshold !== null) {
        marks.unshift(Plot.ruleY([data.threshold], { stroke: '#dc2626', strokeDasharray: '2,4' }));
      }
      target.append(
        Plot.plot({
          width: 760,
          height: 380,
          marginLeft: 56,
          marginRight: 160,
          marginBottom: 44,
          x: {
            type: axis.log ? 'log' : 'linear',
            domain,
            label: axis.label,
            grid: true,
            tickFormat: axis.format,
          },
          y: {
            domain: [0, 1],
            label: 'pass rate (95% CI)',
            grid: true,
            tickFormat: (v: number) => percent(v),
          },
          color: { domain: ['Pareto-optimal', 'dominated'], range: ['#2563eb', '#9ca3af'], legend: true },
          marks,
        }),
      );
    }
    if (left.length > 0) target.append(el('p', { class: 'muted' }, `Not placed: ${left.join('; ')}.`));
  };

  const costPoints: Point[] = [];
  const costLeft: string[] = [];
  const positiveCosts = summary.summary
    .map((row) => row.costPer1kUsd)
    .filter((cost): cost is number => cost !== null && cost > 0);
  // a free model has no place on a log axis; it sits at a tenth of the cheapest paid one, marked free
  const floor = positiveCosts.length > 0 ? Math.min(...positiveCosts) / 10 : 0.001;
  for (const row of summary.summary) {
    const name = labelOf(row);
    if (row.costPer1kUsd === null) {
      costLeft.push(`${name} (unpriced)`);
      continue;
    }
    const free = row.costPer1kUsd === 0;
    costPoints.push({
      name: free ? `${name} (free)` : name,
      x: free ? floor : row.costPer1kUsd,
      rate: row.passRate,
      low: row.passRateCi95[0],
      high: row.passRateCi95[1],
      pareto: false,
      note: `${usd(row.costPer1kUsd)} per 1,000 cases`,
    });
  }
  frontierChart(
    byId('frontier-cost'),
    costPoints,
    { label: 'cost per 1,000 cases (USD, log scale) →', log: true, format: (v: number) => usd(v) },
    costLeft,
  );

  const latencyPoints: Point[] = [];
  const latencyLeft: string[] = [];
  for (const row of summary.summary) {
    const name = labelOf(row);
    if (row.latencyMs.p95 === null) {
      latencyLeft.push(`${name} (no answered case)`);
      continue;
    }
    latencyPoints.push({
      name,
      x: row.latencyMs.p95,
      rate: row.passRate,
      low: row.passRateCi95[0],
      high: row.passRateCi95[1],
      pareto: false,
      note: `p95 latency ${ms(row.latencyMs.p95)}`,
    });
  }
  frontierChart(
    byId('frontier-latency'),
    latencyPoints,
    { label: 'p95 latency (ms) →', log: false, format: (v: number) => `${Math.round(v)}` },
    latencyLeft,
  );
  const showView = (view: 'cost' | 'latency'): void => {
    byId('frontier-cost').hidden = view !== 'cost';
    byId('frontier-latency').hidden = view !== 'latency';
    byId('view-cost').setAttribute('aria-pressed', String(view === 'cost'));
    byId('view-latency').setAttribute('aria-pressed', String(view === 'latency'));
  };
  byId('view-cost').addEventListener('click', () => showView('cost'));
  byId('view-latency').addEventListener('click', () => showView('latency'));
  showView('cost');

  // ---- summary table ------------------------------------------------------------------------------
  const volume = summary.volume;
  const headings = [
    'model',
    'pass rate',
    '95% CI',
    'passed',
    'errors',
    'cost / 1k',
    'total cost',
    'p50',
    'p95',
  ];
  if (volume) headings.push(`per day at ${volume.label}`, 'per month', 'saving / day');
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
      usd(row.costPer1kUsd),
      usd(row.costUsd),
      ms(row.latencyMs.p50),
      ms(row.latencyMs.p95),
    ];
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

  // ---- comparison ---------------------------------------------------------------------------------
  const comparisonSection = byId('comparison');
  if (data.comparisons.length === 0) {
    comparisonSection.hidden = true;
  } else {
    for (const comparison of data.comparisons) comparisonSection.append(renderComparison(comparison));
  }
  function renderComparison(comparison: ComparisonView): HTMLElement {
    const box = el('div', { class: 'comparison' });
    box.append(
      el(
        'h3',
        {},
        `${comparison.candidate.label} (${comparison.candidate.model}) against ${comparison.baseline.label} (${comparison.baseline.model})`,
      ),
      el(
        'p',
        { class: comparison.decision === 'pass' ? 'callout good' : 'callout bad' },
        el('strong', {}, comparison.decision === 'pass' ? 'Pass: ' : 'Fail: '),
        comparison.reason.replace(/^(pass|fail): /, ''),
      ),
      el(
        'p',
        {},
        `${comparison.pairs} paired cases: ${comparison.regressed} regressed, ${comparison.fixed} fixed, ` +
          `${comparison.stillFailing} still failing, ${comparison.stillPassing} still passing. ` +
          `Pass rate ${percent(comparison.baselinePassRate)} → ${percent(comparison.candidatePassRate)}, ` +
          `difference ${(comparison.diff * 100).toFixed(1)} points (95% CI ${(comparison.diffCi95[0] * 100).toFixed(1)} to ` +
          `${(comparison.diffCi95[1] * 100).toFixed(1)}), exact McNemar p = ${comparison.mcnemarP.toPrecision(3)}.`,
      ),
    );
    if (comparison.cases.length > 0) {
      const changed = el(
        'details',
        comparison.decision === 'fail' && data.comparisons.length === 1 ? { open: '' } : {},
        el(
          'summary',
          {},
          `the ${comparison.cases.length} case(s) that regressed, were fixed or still fail, with both answers`,
        ),
      );
      const table = el(
        'table',
        { class: 'cases' },
        el(
          'thead',
          {},
          el('tr', {}, ...['case', 'status', 'baseline', 'candidate'].map((h) => el('th', {}, h))),
        ),
      );
      const rows = el('tbody');
      for (const item of comparison.cases) {
        const side = (outcome: ComparisonView['cases'][number]['baseline'], pass: number): HTMLElement =>
          el(
            'td',
            {},
            el('div', { class: pass >= 0.5 ? 'ok' : 'no' }, pass >= 0.5 ? 'pass' : 'fail'),
            el('pre', {}, outcome.output),
            outcome.reasons.length > 0 ? el('div', { class: 'muted' }, outcome.reasons.join('; ')) : null,
          );
        rows.append(
          el(
            'tr',
            {},
            el('td', {}, item.caseId),
            el('td', { class: item.status }, item.status),
            side(item.baseline, item.baselinePass),
            side(item.candidate, item.candidatePass),
          ),
        );
      }
      table.append(rows);
      changed.append(table);
      box.append(changed);
    }
    if (comparison.casesOmitted > 0) {
      box.append(
        el('p', { class: 'muted' }, `… and ${comparison.casesOmitted} more cases (see compare --output).`),
      );
    }
    return box;
  }

  // ---- case matrix with details -------------------------------------------------------------------
  const matrix = byId('matrix');
  matrix.append(
    el(
      'thead',
      {},
      el('tr', {}, el('th', {}, 'case'), ...data.columns.map((column) => el('th', {}, column.label))),
    ),
  );
  const cellClass = (cell: CellView): string => {
    if (cell.errors === cell.runs) return 'cell error';
    if (cell.passed === cell.runs) return 'cell pass';
    return cell.passed === 0 ? 'cell fail' : 'cell mixed';
  };
  const matrixBody = el('tbody');
  data.cases.forEach((item, caseIndex) => {
    const cells = item.cells.map((cell, columnIndex) => {
      if (!cell) return el('td', { class: 'cell none' }, '–');
      const text =
        cell.runs > 1 ? `${cell.passed}/${cell.runs}` : cell.passed === 1 ? '✓' : cell.errors ? '!' : '✗';
      return el(
        'td',
        {
          class: cellClass(cell),
          'data-case': String(caseIndex),
          'data-column': String(columnIndex),
          tabindex: '0',
          title: 'show the answer and the checks',
        },
        text,
      );
    });
    matrixBody.append(el('tr', {}, el('th', { scope: 'row' }, item.id), ...cells));
  });
  matrix.append(matrixBody);
  if (data.casesOmitted > 0) {
    byId('matrix-note').textContent =
      `${data.casesOmitted} more cases are not shown here; the run JSON has every result.`;
  }

  const details = byId('details');
  const showDetails = (caseIndex: number, columnIndex: number): void => {
    const item = data.cases[caseIndex];
    const cell = item?.cells[columnIndex];
    const column = data.columns[columnIndex];
    if (!item || !cell || !column) return;
    details.replaceChildren(el('h3', {}, `${item.id} on ${column.label}`));
    for (const result of cell.results) {
      const checks = el('ul', {});
      for (const check of result.checks) {
        const mark = check.skipped ? 'not checked' : check.pass ? 'pass' : 'fail';
        checks.append(
          el(
            'li',
            { class: check.skipped ? 'muted' : check.pass ? 'ok' : 'no' },
            `${mark} ${check.name}: ${check.reason}`,
          ),
        );
      }
      details.append(
        el(
          'div',
          { class: 'result' },
          el(
            'p',
            {},
            el('strong', {}, `repeat ${result.repeat + 1}: ${result.pass ? 'passed' : 'failed'}`),
            ` · ${ms(result.latencyMs)} · ${usd(result.costUsd)}`,
          ),
          result.error ? el('p', { class: 'no' }, `error ${result.error}`) : el('pre', {}, result.output),
          checks,
        ),
      );
    }
    details.hidden = false;
    details.scrollIntoView({ block: 'nearest' });
  };
  const onCell = (event: Event): void => {
    const target = event.target instanceof HTMLElement ? event.target.closest('td[data-case]') : null;
    if (!(target instanceof HTMLElement)) return;
    if (event instanceof KeyboardEvent && event.key !== 'Enter' && event.key !== ' ') return;
    for (const selected of matrix.querySelectorAll('td.selected')) selected.classList.remove('selected');
    target.classList.add('selected');
    showDetails(Number(target.dataset.case), Number(target.dataset.column));
  };
  matrix.addEventListener('click', onCell);
  matrix.addEventListener('keydown', onCell);

  // ---- flaky cases and failures -------------------------------------------------------------------
  const flaky = byId('flaky');
  if (summary.flaky.length === 0)
    flaky.append(el('p', { class: 'muted' }, 'No case changed outcome between repeats.'));
  else {
    const list = el('ul');
    for (const item of summary.flaky) {
      list.append(el('li', {}, `${item.model} ${item.caseId}: ${item.passed}/${item.repeats} passed`));
    }
    flaky.append(list);
  }

  const failures = byId('failures');
  const failureList = el('ul');
  let failureCount = 0;
  data.cases.forEach((item, caseIndex) => {
    item.cells.forEach((cell, columnIndex) => {
      for (const result of cell?.results ?? []) {
        if (result.pass) continue;
        failureCount += 1;
        const why =
          result.error ??
          result.checks
            .filter((check) => !check.pass)
            .map((check) => `${check.name}: ${check.reason}`)
            .join('; ');
        const link = el('a', { href: '#matrix' }, `${data.columns[columnIndex]?.label ?? ''} ${item.id}`);
        link.addEventListener('click', () => showDetails(caseIndex, columnIndex));
        failureList.append(
          el(
            'li',
            {},
            link,
            result.repeat > 0 ? ` #${result.repeat + 1}` : '',
            `: ${why || 'below the case threshold'}`,
          ),
        );
      }
    });
  });
  failures.append(failureCount === 0 ? el('p', { class: 'muted' }, 'No case failed.') : failureList);
  byId('failure-count').textContent = String(failureCount);
  document.body.dataset.rendered = 'true';
}
