/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Part of the HTML report's page script; see report-page.ts for how it reaches the browser.
import type { CellView, HtmlReportData } from './report-data.js';
import type { PageHelpers } from './report-page.js';

/** The case × model matrix with its detail panel, the flaky cases and the failures, each linking to its cell. */
export function renderCases(data: HtmlReportData, h: PageHelpers): void {
  const { el, byId, usd, ms } = h;
  const { summary } = data;
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
}
