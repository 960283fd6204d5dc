/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Part of the HTML report's page script; see report-page.ts for how it reaches the browser.
import type { HtmlReportData } from './report-data.js';
import type { PageHelpers, PlotLibrary } from './report-page.js';

/** Pass rate with its interval against cost per 1,000 calls (log scale) and against p95 latency. */
export function renderFrontier(data: HtmlReportData, h: PageHelpers, Plot: PlotLibrary): void {
  const { el, byId, percent, usd, ms, labelOf } = h;
  const { summary } = data;
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
    .map((row) => row.costPer1kCallsUsd)
    .filter((cost): cost is number => cost !== null && cost > 0);
  // a free model has no place on a log axis; it sits at a tenth of the cheapest paid one, marked free
  const floor = positiveCosts.length > 0 ? Math.min(...positiveCosts) / 10 : 0.001;
  for (const row of summary.summary) {
    const name = labelOf(row);
    if (row.costPer1kCallsUsd === null) {
      costLeft.push(`${name} (unpriced)`);
      continue;
    }
    const free = row.costPer1kCallsUsd === 0;
    costPoints.push({
      name: free ? `${name} (free)` : name,
      x: free ? floor : row.costPer1kCallsUsd,
      rate: row.passRate,
      low: row.passRateCi95[0],
      high: row.passRateCi95[1],
      pareto: false,
      note: `${usd(row.costPer1kCallsUsd)} per 1,000 calls`,
    });
  }
  frontierChart(
    byId('frontier-cost'),
    costPoints,
    { label: 'cost per 1,000 calls (USD, log scale) →', log: true, format: (v: number) => usd(v) },
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
}
