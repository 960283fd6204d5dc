/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Part of the HTML report's page script; see report-page.ts for how it reaches the browser.
import type { ComparisonView, HtmlReportData } from './report-data.js';
import type { PageHelpers } from './report-page.js';

/** One block per model compared with the baseline, the changed cases under a collapsible heading. */
export function renderComparisons(data: HtmlReportData, h: PageHelpers): void {
  const { el, byId, percent } = h;
  const comparisonSection = byId('comparison');
  if (data.comparisons.length === 0) {
    comparisonSection.hidden = true;
  } else {
    for (const comparison of data.comparisons) comparisonSection.append(renderComparison(comparison));
  }
  function renderComparison(comparison: ComparisonView): HTMLElement {
    const box = el('div', { class: 'comparison' });
    const methodName =
      comparison.method === 'tango-score'
        ? 'Tango score interval'
        : 'adjusted paired t on per-case pass fractions';
    const allowed = `${(comparison.gate.maxDrop * 100).toFixed(1)} points`;
    const gateRule =
      comparison.gate.rule === 'default'
        ? `fail when the interval lies wholly below zero and its lower end is below −${allowed}`
        : `pass only when the interval's lower end is at or above −${allowed}`;
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
          (comparison.repeats ? `${comparison.unchanged} unchanged, ` : '') +
          `${comparison.stillFailing} still failing, ${comparison.stillPassing} still passing. ` +
          `Pass rate ${percent(comparison.baselinePassRate)} → ${percent(comparison.candidatePassRate)}, ` +
          `difference ${(comparison.diff * 100).toFixed(1)} points (95% CI ${(comparison.diffCi95[0] * 100).toFixed(1)} to ` +
          `${(comparison.diffCi95[1] * 100).toFixed(1)}, ${methodName}), one-sided p = ${comparison.pWorse.toPrecision(3)} for a drop` +
          (comparison.mcnemarP === null ? '' : `, exact McNemar p = ${comparison.mcnemarP.toPrecision(3)}`) +
          `. Gate: ${gateRule}, ${comparison.gate.fired ? 'fired' : 'did not fire'}.`,
      ),
    );
    if (comparison.cases.length > 0) {
      const changed = el(
        'details',
        comparison.decision === 'fail' && data.comparisons.length === 1 ? { open: '' } : {},
        el(
          'summary',
          {},
          `the ${comparison.cases.length} case(s) that regressed, were fixed or did not always pass, with both answers`,
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
            el(
              'div',
              { class: pass >= 0.5 ? 'ok' : 'no' },
              comparison.repeats ? `${percent(pass)} of repeats` : pass >= 0.5 ? 'pass' : 'fail',
            ),
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
}
