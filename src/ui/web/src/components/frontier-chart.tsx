// The frontier, drawn as the HTML report draws it (report-frontier.ts): pass rate with its 95% interval against
// cost per 1,000 calls (log scale) or p95 latency, the Pareto-optimal models named in bold on a dashed line.
import * as Plot from '@observablehq/plot';
import { useCallback, useState } from 'preact/hooks';
import type { FrontierAxis, FrontierPoint } from '../../../api-types.js';
import { percent, usd } from '../format.js';
import { PlotFigure, plotClass } from './plot-figure.js';

const drawFrontier = (axis: FrontierAxis, view: 'cost' | 'latency', threshold: number | undefined) => {
  const { points } = axis;
  const frontier = points.filter((point) => point.pareto).sort((a, b) => a.x - b.x);
  const xs = points.map((point) => point.x);
  const low = Math.min(...xs);
  const high = Math.max(...xs);
  const log = view === 'cost';
  const title = (point: FrontierPoint) =>
    `${point.name}\npass rate ${percent(point.rate)} (95% CI ${percent(point.low)}–${percent(point.high)})\n` +
    (log ? `${usd(point.x)} per 1,000 calls` : `p95 latency ${Math.round(point.x)} ms`);
  const marks: Plot.Markish[] = [
    Plot.ruleX(points, {
      x: 'x',
      y1: 'low',
      y2: 'high',
      stroke: (p: FrontierPoint) => (p.pareto ? 'var(--pareto)' : 'var(--dominated)'),
      strokeWidth: 2,
    }),
    Plot.line(frontier, { x: 'x', y: 'rate', stroke: 'var(--pareto)', strokeDasharray: '4,3' }),
    Plot.dot(
      points.filter((point) => point.pareto),
      { x: 'x', y: 'rate', r: 5, fill: 'var(--pareto)', title },
    ),
    Plot.dot(
      points.filter((point) => !point.pareto),
      { x: 'x', y: 'rate', r: 5, fill: 'var(--dominated)', title },
    ),
    Plot.text(frontier, {
      x: 'x',
      y: 'rate',
      text: 'name',
      dx: 8,
      textAnchor: 'start',
      fontWeight: 'bold',
      fill: 'var(--pareto-label)',
    }),
    Plot.text(
      points.filter((point) => !point.pareto),
      { x: 'x', y: 'rate', text: 'name', dx: 8, textAnchor: 'start', fill: 'var(--muted)' },
    ),
  ];
  if (threshold !== undefined)
    marks.unshift(Plot.ruleY([threshold], { stroke: 'var(--bad)', strokeDasharray: '2,4' }));
  return Plot.plot({
    className: plotClass,
    width: 760,
    height: 380,
    marginLeft: 56,
    marginRight: 160,
    marginBottom: 44,
    x: {
      type: log ? 'log' : 'linear',
      domain: log ? [low / 2, high * 2] : [0, high * 1.15 || 1],
      label: log ? 'cost per 1,000 calls (USD, log scale) →' : 'p95 latency (ms) →',
      grid: true,
      tickFormat: log ? (value: number) => usd(value) : (value: number) => `${Math.round(value)}`,
    },
    y: {
      domain: [0, 1],
      label: 'pass rate (95% CI)',
      grid: true,
      tickFormat: (value: number) => percent(value),
    },
    marks,
  });
};

export const FrontierChart = (props: {
  frontier: { cost: FrontierAxis; latency: FrontierAxis };
  threshold: number | undefined;
}) => {
  const [view, setView] = useState<'cost' | 'latency'>('cost');
  const axis = props.frontier[view];
  const draw = useCallback(() => drawFrontier(axis, view, props.threshold), [axis, view, props.threshold]);
  return (
    <div class="frontier">
      <fieldset class="views">
        <legend class="sr-only">x axis</legend>
        <button type="button" aria-pressed={view === 'cost'} onClick={() => setView('cost')}>
          vs cost per 1,000 calls
        </button>
        <button type="button" aria-pressed={view === 'latency'} onClick={() => setView('latency')}>
          vs p95 latency
        </button>
      </fieldset>
      {axis.points.length === 0 ? (
        <p class="muted">No model has a value to place on this axis.</p>
      ) : (
        <>
          <p class="legend" aria-hidden="true">
            <span class="swatch pareto" /> Pareto-optimal <span class="swatch dominated" /> dominated
          </p>
          <PlotFigure
            draw={draw}
            label={`Pass rate against ${view === 'cost' ? 'cost per 1,000 calls' : 'p95 latency'}; Pareto-optimal: ${axis.points
              .filter((point) => point.pareto)
              .map((point) => point.name)
              .join(', ')}`}
          />
        </>
      )}
      {axis.left.length > 0 ? <p class="muted">Not placed: {axis.left.join('; ')}.</p> : null}
      <p class="muted" data-testid="pareto">
        Pareto-optimal:{' '}
        {axis.points
          .filter((point) => point.pareto)
          .map((point) => point.name)
          .join(', ') || 'none'}
      </p>
    </div>
  );
};
